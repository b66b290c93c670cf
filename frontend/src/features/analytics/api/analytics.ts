import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { queryKeys } from '../../../lib/queryKeys';
import type { AnalyticsSummary, Api, Application, ListResponse, Plan, Timeseries } from '../../../lib/types';

const tenantPath = (slug: string) => `/tenants/${encodeURIComponent(slug)}`;

/** normalizeSummary gives the summary's lists as arrays: the server may send null for an empty list. */
export function normalizeSummary(s: AnalyticsSummary): AnalyticsSummary {
  return {
    ...s,
    top_applications: s.top_applications ?? [],
    top_apis: s.top_apis ?? [],
    refusals_by_code: s.refusals_by_code ?? [],
    usage_by_plan: s.usage_by_plan ?? [],
  };
}

/**
 * useTimeseries loads the traffic over time that the caller may see (admins: all; providers: their APIs'; developers:
 * their applications'). query is what analyticsQuery built: both ends of the range and the filters.
 */
export function useTimeseries(slug: string, query: Record<string, string>, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.list(slug, 'analytics', { view: 'timeseries', ...query }),
    queryFn: ({ signal }) =>
      api
        .get<Timeseries>(`${tenantPath(slug)}/analytics/timeseries`, query, signal)
        .then((s) => ({ ...s, points: s.points ?? [] })),
    placeholderData: (prev) => prev,
  });
}

/** useSummary loads the range's totals, top applications and APIs, refusals by code and usage per plan. */
export function useSummary(slug: string, query: Record<string, string>, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.list(slug, 'analytics', { view: 'summary', ...query }),
    queryFn: ({ signal }) =>
      api.get<AnalyticsSummary>(`${tenantPath(slug)}/analytics/summary`, query, signal).then(normalizeSummary),
    placeholderData: (prev) => prev,
  });
}

/** useApiOptions lists the APIs the caller may see, to narrow the dashboard to one. */
export function useApiOptions(slug: string) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'apis', { limit: 200, offset: 0, purpose: 'options' }),
    queryFn: ({ signal }) => api.get<ListResponse<Api>>(`${tenantPath(slug)}/apis`, { limit: 200 }, signal),
    staleTime: 60_000,
  });
}

/** useApplicationOptions lists the applications the caller may see, to narrow the dashboard to one. */
export function useApplicationOptions(slug: string) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'applications', { limit: 200, offset: 0, purpose: 'options' }),
    queryFn: ({ signal }) => api.get<ListResponse<Application>>(`${tenantPath(slug)}/applications`, { limit: 200 }, signal),
    staleTime: 60_000,
  });
}

/** usePlanOptions lists an API's plans, archived ones too (their traffic still counts), once an API is chosen. */
export function usePlanOptions(slug: string, apiId: string) {
  return useQuery({
    enabled: apiId !== '',
    queryKey: queryKeys.list(slug, 'plans', { api: apiId, include_archived: true }),
    queryFn: ({ signal }) =>
      api.get<ListResponse<Plan>>(`${tenantPath(slug)}/apis/${encodeURIComponent(apiId)}/plans`, { include_archived: true, limit: 200 }, signal),
    staleTime: 60_000,
  });
}
