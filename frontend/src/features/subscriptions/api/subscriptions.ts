import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { invalidateTenantAreas } from '../../../lib/invalidate';
import { queryKeys } from '../../../lib/queryKeys';
import type { ListResponse, Plan, Subscription, SubscriptionEvent, SubscriptionState } from '../../../lib/types';

const tenantPath = (slug: string) => `/tenants/${encodeURIComponent(slug)}`;
const subPath = (slug: string, id: string) => `${tenantPath(slug)}/subscriptions/${encodeURIComponent(id)}`;

/** useApprovals loads the inbox: subscriptions waiting for approval, oldest first. */
export function useApprovals(slug: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.list(slug, 'subscriptions', { scope: 'approvals' }),
    queryFn: ({ signal }) => api.get<ListResponse<Subscription>>(`${tenantPath(slug)}/approvals`, { limit: 200 }, signal),
  });
}

export interface SubscriptionListParams {
  state?: SubscriptionState | '';
  api_id?: string;
  application_id?: string;
  q?: string;
  limit: number;
  offset: number;
}

/** useSubscriptions lists subscriptions (admins: all of the tenant). */
export function useSubscriptions(slug: string, params: SubscriptionListParams, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.list(slug, 'subscriptions', { scope: 'all', ...params }),
    queryFn: ({ signal }) => api.get<ListResponse<Subscription>>(`${tenantPath(slug)}/subscriptions`, { ...params }, signal),
    placeholderData: (prev) => prev,
  });
}

/**
 * useSubscription loads one subscription. While pollMs is set it asks again that often until the subscription is
 * active (after Stripe's Checkout, until its confirmation arrives).
 */
export function useSubscription(slug: string, id: string, pollMs: number | false = false) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'subscriptions', id),
    queryFn: ({ signal }) => api.get<Subscription>(subPath(slug, id), undefined, signal),
    refetchInterval: (query) => (pollMs && query.state.data?.state !== 'active' ? pollMs : false),
  });
}

/** useEvents loads a subscription's history, oldest first. */
export function useEvents(slug: string, id: string) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'subscriptions', id, 'events'),
    queryFn: ({ signal }) => api.get<{ items: SubscriptionEvent[] }>(`${subPath(slug, id)}/events`, undefined, signal),
  });
}

export type Decision = 'approve' | 'reject';
export type AdminAction = 'suspend' | 'resume' | 'revoke';

function afterChange(qc: ReturnType<typeof useQueryClient>, slug: string) {
  return (sub: Subscription) => {
    qc.setQueryData(queryKeys.item(slug, 'subscriptions', sub.id), sub);
    return invalidateTenantAreas(qc, slug, 'subscriptions', 'notifications', 'keys');
  };
}

/** useDecide approves (comment optional) or rejects (comment required) a pending request. */
export function useDecide(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, comment }: { id: string; decision: Decision; comment: string }) =>
      api.post<Subscription>(`${subPath(slug, id)}/${decision}`, comment ? { comment } : {}),
    onSuccess: afterChange(qc, slug),
  });
}

/** useAdminAction suspends, resumes or revokes a subscription, with a reason. */
export function useAdminAction(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: AdminAction; reason: string }) =>
      api.post<Subscription>(`${subPath(slug, id)}/${action}`, { reason }),
    onSuccess: afterChange(qc, slug),
  });
}

/** useCancel ends a subscription of one of the caller's applications. */
export function useCancel(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api.post<Subscription>(`${subPath(slug, id)}/cancel`, reason ? { reason } : {}),
    onSuccess: afterChange(qc, slug),
  });
}

/** useChangePlan moves a subscription to another plan of the same API. */
export function useChangePlan(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, plan_id, reason }: { id: string; plan_id: string; reason: string }) =>
      api.post<Subscription>(`${subPath(slug, id)}/change-plan`, { plan_id, reason }),
    onSuccess: afterChange(qc, slug),
  });
}

/** usePlanOptions lists the open plans of an API, to move a subscription to. */
export function usePlanOptions(slug: string, apiId: string, enabled: boolean) {
  return useQuery({
    enabled,
    queryKey: queryKeys.list(slug, 'plans', { api: apiId, include_archived: false }),
    queryFn: ({ signal }) =>
      api.get<ListResponse<Plan>>(`${tenantPath(slug)}/apis/${encodeURIComponent(apiId)}/plans`, { include_archived: undefined, limit: 200 }, signal),
  });
}

/**
 * useBillingLink opens a Stripe page for a subscription: `checkout` (pay a subscription waiting for payment) or
 * `billing-portal` (update the card, see invoices). It resolves to the URL to send the browser to; nothing changes
 * in Tollgate until Stripe confirms.
 */
export function useBillingLink(slug: string, kind: 'checkout' | 'billing-portal') {
  return useMutation({
    mutationFn: (id: string) => api.post<{ url: string }>(`${subPath(slug, id)}/${kind}`, {}),
  });
}
