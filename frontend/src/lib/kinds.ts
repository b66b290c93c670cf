// The kinds of notifications (and of the events outgoing webhooks send), with the names people read.

export interface KindInfo {
  kind: string;
  label: string;
}

/**
 * ALERT_KINDS are the alerts a member chooses to get in the portal or by email, in the server's order; they are also
 * the events an outgoing webhook can subscribe to. The server's preferences carry the same labels and descriptions.
 */
export const ALERT_KINDS: readonly KindInfo[] = [
  { kind: 'quota.threshold', label: 'Quota warnings' },
  { kind: 'payment.failed', label: 'Payment failed' },
  { kind: 'payment.grace_ending', label: 'Grace period ending' },
  { kind: 'key.expiring', label: 'API key expiring' },
  { kind: 'subscription.approved', label: 'Subscription approved' },
  { kind: 'subscription.rejected', label: 'Subscription rejected' },
  { kind: 'subscription.suspended', label: 'Subscription suspended' },
  { kind: 'api.deprecated', label: 'API deprecated' },
];

/** OTHER_KINDS are the notifications that are always sent in the portal: requests to decide and billing news. */
export const OTHER_KINDS: readonly KindInfo[] = [
  { kind: 'subscription.pending', label: 'Subscription requests' },
  { kind: 'subscription.plan_changed', label: 'Plan changed' },
  { kind: 'subscription.resume', label: 'Subscription resumed' },
  { kind: 'subscription.revoke', label: 'Subscription revoked' },
  { kind: 'subscription.cancel', label: 'Subscription canceled' },
  { kind: 'billing.payment_failed', label: 'Payment failed (billing)' },
  { kind: 'billing.payment_overdue', label: 'Payment overdue' },
  { kind: 'billing.payment_settled', label: 'Payment received' },
  { kind: 'billing.canceled', label: 'Canceled by Stripe' },
  { kind: 'billing.action_required', label: 'Payment needs action' },
];

export const NOTIFICATION_KINDS: readonly KindInfo[] = [...ALERT_KINDS, ...OTHER_KINDS];

const labels = new Map(NOTIFICATION_KINDS.map((k) => [k.kind, k.label]));

/** kindLabel names a kind for people; a kind the portal does not know yet reads as words: "key.rotated" → "Key rotated". */
export function kindLabel(kind: string): string {
  const known = labels.get(kind);
  if (known) return known;
  const words = kind.replace(/[._]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : kind;
}

/** KIND_RE is what a kind looks like, to read one from a URL. */
export const KIND_RE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
