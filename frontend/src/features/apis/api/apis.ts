import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { invalidateTenantAreas } from '../../../lib/invalidate';
import { queryKeys } from '../../../lib/queryKeys';
import type {
  Api,
  Lifecycle,
  LifecycleAction,
  ListResponse,
  Plan,
  PriceInput,
  StripePrice,
  Subscription,
  SubscriptionState,
  Team,
  Visibility,
} from '../../../lib/types';

const tenantPath = (slug: string) => `/tenants/${encodeURIComponent(slug)}`;
const apisPath = (slug: string) => `${tenantPath(slug)}/apis`;
const apiPath = (slug: string, id: string) => `${apisPath(slug)}/${encodeURIComponent(id)}`;

export interface ApiListParams {
  q?: string;
  tag?: string;
  lifecycle?: Lifecycle | '';
  team_id?: string;
  limit: number;
  offset: number;
}

/** useApis lists the tenant's APIs the caller may see (admins: all of them, drafts included). */
export function useApis(slug: string, params: ApiListParams, enabled = true) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'apis', { ...params }),
    queryFn: ({ signal }) => api.get<ListResponse<Api>>(apisPath(slug), { ...params }, signal),
    placeholderData: (prev) => prev,
    enabled,
  });
}

/** useApi loads one API. */
export function useApi(slug: string, id: string) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'apis', id),
    queryFn: ({ signal }) => api.get<Api>(apiPath(slug, id), undefined, signal),
  });
}

export interface ApiInput {
  team_id?: string;
  name: string;
  slug?: string;
  description: string;
  base_path: string;
  host: string;
  upstream_url: string;
  timeout_ms: number;
  visibility: Visibility;
  visible_team_ids: string[];
  tags: string[];
  allow_query_key: boolean;
}

/** useCreateApi registers an API as a draft. */
export function useCreateApi(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ApiInput) => api.post<Api>(apisPath(slug), input),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'apis'),
  });
}

/** useUpdateApi changes an API's settings (not its team). */
export function useUpdateApi(slug: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<Omit<ApiInput, 'team_id'>>) => api.patch<Api>(apiPath(slug, id), input),
    onSuccess: (a) => {
      qc.setQueryData(queryKeys.item(slug, 'apis', id), a);
      return invalidateTenantAreas(qc, slug, 'apis');
    },
  });
}

/** useLifecycle publishes, deprecates (with a sunset date) or retires an API. */
export function useLifecycle(slug: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { action: LifecycleAction; sunset_at?: string }) =>
      api.post<Api>(`${apiPath(slug, id)}/lifecycle`, input),
    onSuccess: (a) => {
      qc.setQueryData(queryKeys.item(slug, 'apis', id), a);
      return invalidateTenantAreas(qc, slug, 'apis', 'plans', 'subscriptions');
    },
  });
}

/** useDeleteApi deletes a draft API. */
export function useDeleteApi(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(apiPath(slug, id)),
    // Only lists: the deleted API's own page would only fetch 404s until it moves away.
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: [...queryKeys.area(slug, 'apis'), 'list'] }),
        invalidateTenantAreas(qc, slug),
      ]),
  });
}

/** useOpenApiDoc loads an API's OpenAPI document as JSON; only ask when the API has one (else the answer is 404). */
export function useOpenApiDoc(slug: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'apis', id, 'openapi'),
    queryFn: ({ signal }) => api.get<unknown>(`${apiPath(slug, id)}/openapi`, undefined, signal),
    enabled,
    staleTime: 60_000,
  });
}

/** useUploadOpenApi stores an OpenAPI document, JSON or YAML, as it was written. */
export function useUploadOpenApi(slug: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ text, contentType }: { text: string; contentType: string }) =>
      api.putRaw<{ ok: boolean }>(`${apiPath(slug, id)}/openapi`, text, contentType),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'apis'),
  });
}

/** useDeleteOpenApi removes an API's OpenAPI document. */
export function useDeleteOpenApi(slug: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(`${apiPath(slug, id)}/openapi`),
    onSuccess: () => {
      qc.removeQueries({ queryKey: queryKeys.item(slug, 'apis', id, 'openapi') });
      return invalidateTenantAreas(qc, slug, 'apis');
    },
  });
}

/** usePlans lists an API's plans, archived ones too when asked. */
export function usePlans(slug: string, apiId: string, includeArchived: boolean) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'plans', { api: apiId, include_archived: includeArchived }),
    queryFn: ({ signal }) =>
      api.get<ListResponse<Plan>>(`${apiPath(slug, apiId)}/plans`, { include_archived: includeArchived || undefined, limit: 200 }, signal),
  });
}

export type PlanInput = Omit<Plan, 'id' | 'api_id' | 'archived_at' | 'created_at' | 'updated_at'>;

/** useCreatePlan adds a plan to an API. */
export function useCreatePlan(slug: string, apiId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PlanInput) => api.post<Plan>(`${apiPath(slug, apiId)}/plans`, input),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'plans'),
  });
}

/** useUpdatePlan changes a plan. */
export function useUpdatePlan(slug: string, apiId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: Partial<PlanInput> & { id: string }) =>
      api.patch<Plan>(`${apiPath(slug, apiId)}/plans/${encodeURIComponent(id)}`, input),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'plans'),
  });
}

/** useArchivePlan stops new subscriptions to a plan; existing subscribers keep it. */
export function useArchivePlan(slug: string, apiId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Plan>(`${apiPath(slug, apiId)}/plans/${encodeURIComponent(id)}/archive`, {}),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'plans'),
  });
}

/** useSubscribers lists the subscriptions to one API, optionally in one state. */
export function useSubscribers(slug: string, apiId: string, params: { state?: SubscriptionState | ''; limit: number; offset: number }) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'subscriptions', { api_id: apiId, scope: 'subscribers', ...params }),
    queryFn: ({ signal }) =>
      api.get<ListResponse<Subscription>>(`${apiPath(slug, apiId)}/subscribers`, { ...params }, signal),
    placeholderData: (prev) => prev,
  });
}

/** useTeamOptions loads the tenant's teams, to choose an API's owner and the teams a private API is shown to. */
export function useTeamOptions(slug: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.list(slug, 'teams', { limit: 200, offset: 0, purpose: 'options' }),
    queryFn: ({ signal }) => api.get<ListResponse<Team>>(`${tenantPath(slug)}/teams`, { limit: 200 }, signal),
    staleTime: 60_000,
  });
}

/**
 * usePrices lists the active recurring prices of the tenant's Stripe account, to pick a paid plan's price. It fails
 * with stripe_not_connected (409) when the tenant has no Stripe account connected.
 */
export function usePrices(slug: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.item(slug, 'billing', 'prices'),
    queryFn: ({ signal }) => api.get<{ items: StripePrice[] }>(`${tenantPath(slug)}/billing/prices`, undefined, signal),
    staleTime: 60_000,
    retry: false,
  });
}

/** useCreatePlanPrice creates a product and a recurring price in Stripe for a paid plan and links the plan to it. */
export function useCreatePlanPrice(slug: string, apiId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ planId, ...input }: PriceInput & { planId: string }) =>
      api.post<Plan>(`${apiPath(slug, apiId)}/plans/${encodeURIComponent(planId)}/stripe-price`, input),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'plans', 'billing'),
  });
}
