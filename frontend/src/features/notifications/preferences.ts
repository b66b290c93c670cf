// Notification preferences being edited: the choices per kind and channel, and what changed since they were saved.
import type { NotificationPreference } from '../../lib/types';

export type Channel = 'portal' | 'email';

export const CHANNEL_LABELS: Record<Channel, string> = { portal: 'In the portal', email: 'By email' };

/** setChoice turns one kind's channel on or off, leaving the others alone. */
export function setChoice(prefs: readonly NotificationPreference[], kind: string, channel: Channel, on: boolean): NotificationPreference[] {
  return prefs.map((p) => (p.kind === kind ? { ...p, [channel]: on } : p));
}

/** setChannel turns one channel on or off for every kind. */
export function setChannel(prefs: readonly NotificationPreference[], channel: Channel, on: boolean): NotificationPreference[] {
  return prefs.map((p) => ({ ...p, [channel]: on }));
}

/** channelState says whether a channel is on for every kind, none, or some (a "mixed" checkbox). */
export function channelState(prefs: readonly NotificationPreference[], channel: Channel): 'all' | 'none' | 'some' {
  const on = prefs.filter((p) => p[channel]).length;
  if (on === 0) return 'none';
  return on === prefs.length ? 'all' : 'some';
}

/** changedKinds lists the kinds whose choices differ from the saved ones. */
export function changedKinds(saved: readonly NotificationPreference[], draft: readonly NotificationPreference[]): string[] {
  const before = new Map(saved.map((p) => [p.kind, p]));
  return draft
    .filter((p) => {
      const b = before.get(p.kind);
      return !b || b.portal !== p.portal || b.email !== p.email;
    })
    .map((p) => p.kind);
}

/** toInput is the body of PUT /notification-preferences: every kind with both channels. */
export function toInput(prefs: readonly NotificationPreference[]): Pick<NotificationPreference, 'kind' | 'portal' | 'email'>[] {
  return prefs.map(({ kind, portal, email }) => ({ kind, portal, email }));
}
