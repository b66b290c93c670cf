// Webhook endpoint forms and how endpoints read: the checks the server makes, the events chosen, the scope.
import { ALERT_KINDS, kindLabel } from '../../lib/kinds';
import type { Errors } from '../../lib/validation';

/** WEBHOOK_EVENTS are the kinds an endpoint can subscribe to: the alerts. */
export const WEBHOOK_EVENTS = ALERT_KINDS;

export type EventChoice = 'all' | 'some';

/** EndpointForm is what the endpoint dialog edits. */
export interface EndpointForm {
  url: string;
  description: string;
  choice: EventChoice;
  events: string[];
  /** The team; '' for a tenant-wide endpoint (admins only). */
  teamId: string;
  enabled: boolean;
}

export type EndpointField = 'url' | 'description' | 'events' | 'team_id';

/** checkEndpoint mirrors the server's checks that do not need the network (resolving the host is the server's). */
export function checkEndpoint(f: EndpointForm, opts: { creating: boolean; teamRequired: boolean }): Errors<EndpointField> {
  const url = f.url.trim();
  let urlError: string | undefined;
  if (url === '') urlError = 'Enter the URL Tollgate should post events to.';
  else {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || !parsed.host) {
      urlError = 'Enter a full URL, like https://example.com/hooks/tollgate.';
    } else if (parsed.username || parsed.password) {
      urlError = 'Leave credentials out of the URL: the signature tells your server the event is from Tollgate.';
    } else if (url.length > 2000) {
      urlError = 'Use at most 2000 characters.';
    }
  }
  return {
    url: urlError,
    description: f.description.trim().length > 500 ? 'Use at most 500 characters.' : undefined,
    events: f.choice === 'some' && f.events.length === 0 ? 'Choose at least one event, or send every event.' : undefined,
    team_id: opts.creating && opts.teamRequired && !f.teamId ? 'Choose the team whose events this endpoint receives.' : undefined,
  };
}

/** eventsOf is what the form sends as `events`: empty for every kind, else the chosen ones in the listed order. */
export function eventsOf(f: Pick<EndpointForm, 'choice' | 'events'>): string[] {
  if (f.choice === 'all') return [];
  return WEBHOOK_EVENTS.map((k) => k.kind).filter((k) => f.events.includes(k));
}

/** eventsSummary says which events an endpoint receives: "All events", or their names. */
export function eventsSummary(events: readonly string[]): string {
  if (events.length === 0) return 'All events';
  return events.map(kindLabel).join(', ');
}

/** toggle adds or removes one item of a list. */
export function toggle(list: readonly string[], item: string, on: boolean): string[] {
  return on ? (list.includes(item) ? [...list] : [...list, item]) : list.filter((x) => x !== item);
}
