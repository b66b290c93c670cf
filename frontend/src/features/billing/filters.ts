// The billing pages' filters: read from and written to the page's URL, and turned into the list's query string.
import type { DriftKind, SubscriptionState } from '../../lib/types';

/** DRIFT_KINDS are the ways reconciliation finds a subscription out of step with Stripe, with what each means. */
export const DRIFT_KINDS: readonly { kind: DriftKind; label: string; meaning: string }[] = [
  { kind: 'state', label: 'State', meaning: 'Our state does not follow Stripe’s status.' },
  { kind: 'period', label: 'Period', meaning: 'The billing period differs from Stripe’s.' },
  { kind: 'invoice', label: 'Invoice', meaning: 'The latest invoice differs from Stripe’s.' },
  { kind: 'unlinked', label: 'Not linked', meaning: 'A live paid subscription with no Stripe subscription.' },
  { kind: 'missing', label: 'Missing in Stripe', meaning: 'Stripe does not know the linked subscription.' },
  { kind: 'usage', label: 'Usage', meaning: 'Metered calls counted but not reported to Stripe.' },
];

/** PAID_STATES are the states a paid subscription that reconciliation checks can be in. */
export const PAID_STATES: readonly SubscriptionState[] = ['pending_payment', 'active', 'past_due', 'suspended', 'canceled'];

/** ReconciliationFilters narrow the last run's rows; the server filters. */
export interface ReconciliationFilters {
  drifted: boolean;
  state: SubscriptionState | '';
  drift: DriftKind | '';
}

export const EMPTY_RECONCILIATION_FILTERS: ReconciliationFilters = { drifted: false, state: '', drift: '' };

/** reconciliationFiltersFromParams reads `drifted`, `state` and `drift` from the URL; unknown values mean "any". */
export function reconciliationFiltersFromParams(params: URLSearchParams): ReconciliationFilters {
  const state = params.get('state') ?? '';
  const drift = params.get('drift') ?? '';
  return {
    drifted: params.get('drifted') === 'true',
    state: PAID_STATES.includes(state as SubscriptionState) ? (state as SubscriptionState) : '',
    drift: DRIFT_KINDS.some((d) => d.kind === drift) ? (drift as DriftKind) : '',
  };
}

/** put sets a parameter, or removes it when empty, so the plain page has a plain URL. */
function put(out: URLSearchParams, key: string, value: string) {
  if (value) out.set(key, value);
  else out.delete(key);
}

/** reconciliationFiltersToParams writes the filters into a copy of the URL's parameters, leaving others alone. */
export function reconciliationFiltersToParams(
  f: ReconciliationFilters,
  base: URLSearchParams = new URLSearchParams(),
): URLSearchParams {
  const out = new URLSearchParams(base);
  put(out, 'drifted', f.drifted ? 'true' : '');
  put(out, 'state', f.state);
  put(out, 'drift', f.drift);
  return out;
}

/** reconciliationQuery is the query string of GET /billing/reconciliation for the filters. */
export function reconciliationQuery(f: ReconciliationFilters): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.drifted) q.drifted = 'true';
  if (f.state) q.state = f.state;
  if (f.drift) q.drift = f.drift;
  return q;
}

export const isReconciliationFiltered = (f: ReconciliationFilters) => f.drifted || f.state !== '' || f.drift !== '';

/** STRIPE_EVENT_TYPES are the webhook events Tollgate applies (the ones to select on the endpoint in Stripe). */
export const STRIPE_EVENT_TYPES: readonly string[] = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.payment_action_required',
  'invoice.upcoming',
];

export type EventStatusFilter = '' | 'processed' | 'pending' | 'failed';
export const EVENT_STATUSES: readonly Exclude<EventStatusFilter, ''>[] = ['processed', 'pending', 'failed'];

/** EventFilters narrow the list of webhook events. */
export interface EventFilters {
  status: EventStatusFilter;
  /** A Stripe event type, like invoice.paid. */
  type: string;
}

export const EMPTY_EVENT_FILTERS: EventFilters = { status: '', type: '' };

const EVENT_TYPE_RE = /^[a-z_]+(\.[a-z_]+)+$/;

/** eventFiltersFromParams reads `status` and `type` from the URL; what the server would refuse means "any". */
export function eventFiltersFromParams(params: URLSearchParams): EventFilters {
  const status = params.get('status') ?? '';
  const type = params.get('type')?.trim() ?? '';
  return {
    status: EVENT_STATUSES.includes(status as Exclude<EventStatusFilter, ''>) ? (status as EventStatusFilter) : '',
    type: EVENT_TYPE_RE.test(type) ? type : '',
  };
}

/** eventFiltersToParams writes the filters into a copy of the URL's parameters, leaving others alone. */
export function eventFiltersToParams(f: EventFilters, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const out = new URLSearchParams(base);
  put(out, 'status', f.status);
  put(out, 'type', f.type);
  return out;
}

export const isEventsFiltered = (f: EventFilters) => f.status !== '' || f.type !== '';
