import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { queryKeys } from '../../../lib/queryKeys';
import type { Api, Application, CallList, CallRecord } from '../../../lib/types';

const tenantPath = (slug: string) => `/tenants/${encodeURIComponent(slug)}`;

/** CallScope says whose calls a log shows: an API's (for its providers) or an application's (for its team). */
export type CallScope = 'api' | 'application';

const logPath = (slug: string, scope: CallScope, id: string) =>
  `${tenantPath(slug)}/${scope === 'api' ? 'apis' : 'applications'}/${encodeURIComponent(id)}/calls`;

/**
 * useCalls loads one page of an API's or an application's call log, newest first. query is what callQuery built:
 * the range, the filters and, for older pages, the previous page's next_cursor as `cursor`.
 */
export function useCalls(slug: string, scope: CallScope, id: string, query: Record<string, string>) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'calls', { scope, id, ...query }),
    queryFn: ({ signal }) => api.get<CallList>(logPath(slug, scope, id), query, signal),
    placeholderData: (prev) => prev,
  });
}

/** useCall loads one logged call by its request id, near the time it was listed with. */
export function useCall(slug: string, requestId: string, at: string) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'calls', requestId, at),
    queryFn: ({ signal }) =>
      api.get<CallRecord>(`${tenantPath(slug)}/calls/${encodeURIComponent(requestId)}`, { at }, signal),
    enabled: requestId !== '',
    staleTime: Infinity,
  });
}

/** useLoggedApi loads the API whose calls are shown, for its name and owning team. */
export function useLoggedApi(slug: string, id: string) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'apis', id),
    queryFn: ({ signal }) => api.get<Api>(`${tenantPath(slug)}/apis/${encodeURIComponent(id)}`, undefined, signal),
  });
}

/** useLoggedApplication loads the application whose calls are shown, for its name. */
export function useLoggedApplication(slug: string, id: string) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'applications', id),
    queryFn: ({ signal }) =>
      api.get<Application>(`${tenantPath(slug)}/applications/${encodeURIComponent(id)}`, undefined, signal),
  });
}
