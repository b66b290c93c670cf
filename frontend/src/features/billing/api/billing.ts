import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { invalidateTenantAreas } from '../../../lib/invalidate';
import { queryKeys } from '../../../lib/queryKeys';
import type {
  BillableUsage,
  BillingOverview,
  ListResponse,
  ReconciliationRow,
  ReconciliationRun,
  StripeCheck,
  StripeEventRecord,
  StripeSecretsInput,
  StripeSettings,
} from '../../../lib/types';
import type { EventFilters } from '../filters';

const tenantPath = (slug: string) => `/tenants/${encodeURIComponent(slug)}`;
const billingPath = (slug: string) => `${tenantPath(slug)}/billing`;

const stripeKey = (slug: string) => queryKeys.item(slug, 'billing', 'stripe');
const overviewKey = (slug: string) => queryKeys.item(slug, 'billing', 'overview');
const reconciliationKeys = (slug: string) => [...queryKeys.area(slug, 'billing'), 'list', 'reconciliation'] as const;
const eventKeys = (slug: string) => [...queryKeys.area(slug, 'billing'), 'list', 'events'] as const;

/** useStripeSettings loads the tenant's Stripe connection, without its secrets. */
export function useStripeSettings(slug: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: stripeKey(slug),
    queryFn: ({ signal }) => api.get<StripeSettings>(`${billingPath(slug)}/stripe`, undefined, signal),
  });
}

/** useSaveStripeSecrets sets or removes the secret key and the webhook secret (owners only). */
export function useSaveStripeSecrets(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: StripeSecretsInput) => api.put<StripeSettings>(`${billingPath(slug)}/stripe`, input),
    onSuccess: (settings) => {
      qc.setQueryData(stripeKey(slug), settings);
      return invalidateTenantAreas(qc, slug, 'billing');
    },
  });
}

/** useTestStripe asks Stripe whether the key works; a refused key answers ok: false with Stripe's reason. */
export function useTestStripe(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<StripeCheck>(`${billingPath(slug)}/stripe/test`, {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: stripeKey(slug) }),
  });
}

/** useBillingOverview loads the counts the billing team watches, the last reconciliation and the failed payments. */
export function useBillingOverview(slug: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: overviewKey(slug),
    queryFn: ({ signal }) => api.get<BillingOverview>(`${billingPath(slug)}/overview`, undefined, signal),
  });
}

/** useBillingUsage compares each paid subscription's billable calls this period with what was reported to Stripe. */
export function useBillingUsage(slug: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.item(slug, 'billing', 'usage'),
    queryFn: ({ signal }) =>
      api.get<{ items: BillableUsage[] }>(`${billingPath(slug)}/usage`, undefined, signal).then((r) => r.items ?? []),
  });
}

/** normalizeRun gives a run's lists as arrays: the server may send null for an empty list. */
export function normalizeRun(run: ReconciliationRun | null | undefined): ReconciliationRun | null {
  if (!run) return null;
  return { ...run, rows: (run.rows ?? []).map((r) => ({ ...r, drift: r.drift ?? [] })) };
}

/** useReconciliation loads the last reconciliation run, its rows filtered by the server; run is null before the first. */
export function useReconciliation(slug: string, query: Record<string, string>, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [...reconciliationKeys(slug), query],
    queryFn: ({ signal }) =>
      api
        .get<{ run: ReconciliationRun | null }>(`${billingPath(slug)}/reconciliation`, query, signal)
        .then((r) => ({ run: normalizeRun(r.run) })),
    placeholderData: (prev) => prev,
  });
}

/**
 * useRunReconciliation compares every paid subscription with Stripe now; with fix it also repairs our side. A run
 * whose `error` is set could not ask Stripe and changed nothing.
 */
export function useRunReconciliation(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (fix: boolean) => api.post<{ run: ReconciliationRun }>(`${billingPath(slug)}/reconciliation`, { fix }),
    onSuccess: (_, fix) => invalidateTenantAreas(qc, slug, 'billing', ...(fix ? (['subscriptions'] as const) : [])),
  });
}

/** mergeRow puts a re-synced row in place of the subscription's row of a cached run. */
export function mergeRow(data: { run: ReconciliationRun | null } | undefined, row: ReconciliationRow) {
  if (!data?.run) return data;
  return { run: { ...data.run, rows: data.run.rows.map((r) => (r.subscription_id === row.subscription_id ? row : r)) } };
}

function afterResync(qc: QueryClient, slug: string, row: ReconciliationRow) {
  // The row is updated where it is shown: refetching would show the one-row run the server saves for a re-sync.
  qc.setQueriesData<{ run: ReconciliationRun | null }>({ queryKey: reconciliationKeys(slug) }, (data) => mergeRow(data, row));
  return Promise.all([
    qc.invalidateQueries({ queryKey: overviewKey(slug) }),
    invalidateTenantAreas(qc, slug, 'subscriptions', 'notifications'),
  ]);
}

/** useResync compares one subscription with Stripe and repairs its drift; it resolves to the subscription's new row. */
export function useResync(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (subId: string) =>
      api
        .post<ReconciliationRow>(`${tenantPath(slug)}/subscriptions/${encodeURIComponent(subId)}/resync`, {})
        .then((row) => ({ ...row, drift: row.drift ?? [] })),
    onSuccess: (row) => afterResync(qc, slug, row),
  });
}

/** downloadReconciliationCsv fetches the last run as CSV (with the bearer token, so not as a plain link). */
export function downloadReconciliationCsv(slug: string) {
  return api.download(`${billingPath(slug)}/reconciliation.csv`, 'text/csv');
}

export interface EventListParams extends EventFilters {
  limit: number;
  offset: number;
}

/** useStripeEvents lists the webhook events received, newest first. */
export function useStripeEvents(slug: string, params: EventListParams, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [...eventKeys(slug), { ...params }],
    queryFn: ({ signal }) =>
      api.get<ListResponse<StripeEventRecord>>(`${billingPath(slug)}/events`, { ...params }, signal),
    placeholderData: (prev) => prev,
  });
}

/** useReplayEvent applies a stored event again now and resolves to its new record. */
export function useReplayEvent(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api.post<StripeEventRecord>(`${billingPath(slug)}/events/${encodeURIComponent(id)}/replay`, {}),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'billing', 'subscriptions', 'notifications'),
  });
}

/** useRecoverEvents fetches the events Stripe could not deliver, applies the new ones and resolves to their number. */
export function useRecoverEvents(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ recovered: number }>(`${billingPath(slug)}/events/recover`, {}),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'billing', 'subscriptions', 'notifications'),
  });
}
