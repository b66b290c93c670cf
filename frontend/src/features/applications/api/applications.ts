import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { invalidateTenantAreas } from '../../../lib/invalidate';
import { queryKeys } from '../../../lib/queryKeys';
import type {
  Api,
  ApiKey,
  Application,
  CallList,
  CreatedApiKey,
  KeyMode,
  ListResponse,
  Plan,
  QuotaUsage,
  Subscription,
  SubscriptionEvent,
  Team,
  Timeseries,
} from '../../../lib/types';

const tenantPath = (slug: string) => `/tenants/${encodeURIComponent(slug)}`;
const appsPath = (slug: string) => `${tenantPath(slug)}/applications`;
const appPath = (slug: string, id: string) => `${appsPath(slug)}/${encodeURIComponent(id)}`;
const keysPath = (slug: string, appId: string) => `${appPath(slug, appId)}/keys`;

export interface ApplicationListParams {
  q?: string;
  team_id?: string;
  limit: number;
  offset: number;
}

/** useApplications lists the applications of the caller's teams (admins: all). */
export function useApplications(slug: string, params: ApplicationListParams) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'applications', { ...params }),
    queryFn: ({ signal }) => api.get<ListResponse<Application>>(appsPath(slug), { ...params }, signal),
    placeholderData: (prev) => prev,
  });
}

/** useApplication loads one application. */
export function useApplication(slug: string, id: string) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'applications', id),
    queryFn: ({ signal }) => api.get<Application>(appPath(slug, id), undefined, signal),
  });
}

/** useCreateApplication creates an application for one of the caller's teams. */
export function useCreateApplication(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { team_id: string; name: string; description: string }) =>
      api.post<Application>(appsPath(slug), input),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'applications'),
  });
}

/** useUpdateApplication renames an application or changes its description. */
export function useUpdateApplication(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: { id: string; name: string; description: string }) =>
      api.patch<Application>(appPath(slug, id), input),
    onSuccess: (app) => {
      qc.setQueryData(queryKeys.item(slug, 'applications', app.id), app);
      return invalidateTenantAreas(qc, slug, 'applications', 'subscriptions');
    },
  });
}

/** useDeleteApplication deletes an application without live subscriptions. */
export function useDeleteApplication(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(appPath(slug, id)),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: [...queryKeys.area(slug, 'applications'), 'list'] }),
        invalidateTenantAreas(qc, slug),
      ]),
  });
}

/** useAppSubscriptions lists an application's subscriptions. */
export function useAppSubscriptions(slug: string, appId: string) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'subscriptions', { application_id: appId, scope: 'application' }),
    queryFn: ({ signal }) =>
      api.get<ListResponse<Subscription>>(`${appPath(slug, appId)}/subscriptions`, { limit: 200 }, signal),
  });
}

/** useSubscriptionEvents loads a subscription's history, oldest first. */
export function useSubscriptionEvents(slug: string, subId: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.item(slug, 'subscriptions', subId, 'events'),
    queryFn: ({ signal }) =>
      api.get<{ items: SubscriptionEvent[] }>(`${tenantPath(slug)}/subscriptions/${encodeURIComponent(subId)}/events`, undefined, signal),
  });
}

/** useCancelSubscription ends one of the caller's subscriptions. */
export function useCancelSubscription(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api.post<Subscription>(`${tenantPath(slug)}/subscriptions/${encodeURIComponent(id)}/cancel`, reason ? { reason } : {}),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'subscriptions', 'keys'),
  });
}

/** useKeys lists an application's API keys: the active ones, or all of them. */
export function useKeys(slug: string, appId: string, status: 'active' | 'all') {
  return useQuery({
    queryKey: queryKeys.list(slug, 'keys', { application_id: appId, status }),
    queryFn: ({ signal }) => api.get<ListResponse<ApiKey>>(keysPath(slug, appId), { status, limit: 200 }, signal),
    placeholderData: (prev) => prev,
  });
}

export interface CreateKeyInput {
  name: string;
  mode: KeyMode;
  api_ids: string[];
  allowed_ips: string[];
  expires_at?: string;
}

/** useCreateKey makes a key; the answer holds the plaintext key, the only time it is ever sent. */
export function useCreateKey(slug: string, appId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateKeyInput) => api.post<CreatedApiKey>(keysPath(slug, appId), input),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'keys'),
  });
}

/** useRotateKey issues a replacement key; the old one keeps working for the overlap. */
export function useRotateKey(slug: string, appId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, overlap_seconds }: { id: string; overlap_seconds: number }) =>
      api.post<CreatedApiKey>(`${keysPath(slug, appId)}/${encodeURIComponent(id)}/rotate`, { overlap_seconds }),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'keys'),
  });
}

/** useRenameKey changes a key's name. */
export function useRenameKey(slug: string, appId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) =>
      api.patch<ApiKey>(`${keysPath(slug, appId)}/${encodeURIComponent(id)}`, { name }),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'keys'),
  });
}

/** useRevokeKey stops a key at once. */
export function useRevokeKey(slug: string, appId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<ApiKey>(`${keysPath(slug, appId)}/${encodeURIComponent(id)}/revoke`, {}),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'keys'),
  });
}

/** useTeamOptions loads the tenant's teams to choose an application's team. */
export function useTeamOptions(slug: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.list(slug, 'teams', { limit: 200, offset: 0, purpose: 'options' }),
    queryFn: ({ signal }) => api.get<ListResponse<Team>>(`${tenantPath(slug)}/teams`, { limit: 200 }, signal),
    staleTime: 60_000,
  });
}

/** useSubscribedApi loads an API the application subscribes to, for its base path (404 once it is hidden). */
export function useSubscribedApi(slug: string, apiId: string) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'apis', apiId),
    queryFn: ({ signal }) => api.get<Api>(`${tenantPath(slug)}/apis/${encodeURIComponent(apiId)}`, undefined, signal),
    staleTime: 60_000,
    retry: false,
  });
}

/** useSubscribedPlans lists an API's plans, archived ones too: a subscription may be on an archived plan. */
export function useSubscribedPlans(slug: string, apiId: string) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'plans', { api: apiId, include_archived: true }),
    queryFn: ({ signal }) =>
      api.get<ListResponse<Plan>>(`${tenantPath(slug)}/apis/${encodeURIComponent(apiId)}/plans`, { include_archived: true, limit: 200 }, signal),
    staleTime: 60_000,
    retry: false,
  });
}

/** useAppUsage loads the application's use of each subscription's quota this period. */
export function useAppUsage(slug: string, appId: string) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'applications', appId, 'usage'),
    queryFn: ({ signal }) =>
      api.get<{ items: QuotaUsage[] }>(`${appPath(slug, appId)}/usage`, undefined, signal).then((r) => r.items ?? []),
  });
}

/** useAppTimeseries loads the application's calls over time; query holds the range (from, to) and application_id. */
export function useAppTimeseries(slug: string, query: Record<string, string>, enabled = true) {
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

/** REFUSALS_DAYS is how far back the latest refusals are looked for (the call log answers up to 31 days at once). */
export const REFUSALS_DAYS = 30;

/** useLatestRefusals loads the application's latest calls the gateway refused, newest first. */
export function useLatestRefusals(slug: string, appId: string, from: string, limit = 10) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'calls', { scope: 'application', id: appId, refused: true, from, limit }),
    queryFn: ({ signal }) =>
      api.get<CallList>(`${appPath(slug, appId)}/calls`, { refused: true, from, limit }, signal),
  });
}
