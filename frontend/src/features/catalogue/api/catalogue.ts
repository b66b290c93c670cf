import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { invalidateTenantAreas } from '../../../lib/invalidate';
import { queryKeys } from '../../../lib/queryKeys';
import type { Api, Application, ListResponse, Plan, Subscription } from '../../../lib/types';

const tenantPath = (slug: string) => `/tenants/${encodeURIComponent(slug)}`;
const apiPath = (slug: string, id: string) => `${tenantPath(slug)}/apis/${encodeURIComponent(id)}`;

/** The catalogue fetches at most this many APIs per lifecycle and pages through them in the browser. */
export const CATALOGUE_FETCH_LIMIT = 200;

/**
 * useCatalogue loads the published and the deprecated APIs the caller can see, filtered by search text and tag.
 * The server filters by one lifecycle at a time, so it asks twice and merges: published first, then deprecated.
 */
export function useCatalogue(slug: string, params: { q: string; tag: string }) {
  const results = useQueries({
    queries: (['published', 'deprecated'] as const).map((lifecycle) => ({
      queryKey: queryKeys.list(slug, 'apis', { scope: 'catalogue', lifecycle, ...params }),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<ListResponse<Api>>(`${tenantPath(slug)}/apis`, { ...params, lifecycle, limit: CATALOGUE_FETCH_LIMIT }, signal),
      placeholderData: (prev: ListResponse<Api> | undefined) => prev,
    })),
  });
  const [published, deprecated] = results;
  const error = results.find((r) => r.isError)?.error ?? null;
  const items = [...(published.data?.items ?? []), ...(deprecated.data?.items ?? [])];
  return {
    items,
    /** More APIs exist than were fetched. */
    truncated: (published.data?.total ?? 0) > CATALOGUE_FETCH_LIMIT || (deprecated.data?.total ?? 0) > CATALOGUE_FETCH_LIMIT,
    isPending: results.some((r) => r.isPending),
    isError: error !== null,
    error,
    refetch: () => Promise.all(results.map((r) => r.refetch())),
  };
}

/** useCatalogueApi loads one API (404 when the caller may not see it). */
export function useCatalogueApi(slug: string, id: string) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'apis', id),
    queryFn: ({ signal }) => api.get<Api>(apiPath(slug, id), undefined, signal),
  });
}

/** useApiDoc loads the API's OpenAPI document; only ask when it has one. */
export function useApiDoc(slug: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'apis', id, 'openapi'),
    queryFn: ({ signal }) => api.get<unknown>(`${apiPath(slug, id)}/openapi`, undefined, signal),
    enabled,
    staleTime: 60_000,
  });
}

/** useOpenPlans lists the plans one can subscribe to (archived ones are hidden by the server). */
export function useOpenPlans(slug: string, apiId: string) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'plans', { api: apiId, include_archived: false }),
    queryFn: ({ signal }) =>
      api.get<ListResponse<Plan>>(`${apiPath(slug, apiId)}/plans`, { include_archived: undefined, limit: 200 }, signal),
  });
}

/** useMyApplications lists the applications the caller can subscribe with (their teams'; admins: all). */
export function useMyApplications(slug: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.list(slug, 'applications', { limit: 200, offset: 0, purpose: 'options' }),
    queryFn: ({ signal }) =>
      api.get<ListResponse<Application>>(`${tenantPath(slug)}/applications`, { limit: 200 }, signal),
  });
}

/** useMySubscriptionsTo lists the caller's applications' subscriptions to one API. */
export function useMySubscriptionsTo(slug: string, apiId: string) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'subscriptions', { api_id: apiId, scope: 'mine', limit: 200 }),
    queryFn: ({ signal }) =>
      api.get<ListResponse<Subscription>>(`${tenantPath(slug)}/subscriptions`, { api_id: apiId, limit: 200 }, signal),
  });
}

/** useSubscribe asks for a subscription of an application to a plan, with a reason for the approvers. */
export function useSubscribe(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ applicationId, plan_id, reason }: { applicationId: string; plan_id: string; reason: string }) =>
      api.post<Subscription>(`${tenantPath(slug)}/applications/${encodeURIComponent(applicationId)}/subscriptions`, {
        plan_id,
        reason,
      }),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'subscriptions', 'notifications'),
  });
}
