import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { invalidateTenantAreas } from '../../../lib/invalidate';
import { queryKeys } from '../../../lib/queryKeys';
import type { CreatedWebhookEndpoint, ListResponse, Team, WebhookDelivery, WebhookEndpoint } from '../../../lib/types';

const tenantPath = (slug: string) => `/tenants/${encodeURIComponent(slug)}`;
const endpointsPath = (slug: string) => `${tenantPath(slug)}/webhook-endpoints`;
const endpointPath = (slug: string, id: string) => `${endpointsPath(slug)}/${encodeURIComponent(id)}`;

/** normalizeEndpoint gives the endpoint's events as an array: the server may send null for none (every kind). */
export function normalizeEndpoint(e: WebhookEndpoint): WebhookEndpoint {
  return { ...e, events: e.events ?? [] };
}

/**
 * normalizeCreated reads the answer to creating an endpoint: `{endpoint, secret}`, or the endpoint with its secret
 * beside its fields.
 */
export function normalizeCreated(r: { endpoint: WebhookEndpoint; secret: string } | (WebhookEndpoint & { secret: string })): CreatedWebhookEndpoint {
  const endpoint = 'endpoint' in r && r.endpoint ? r.endpoint : (r as WebhookEndpoint);
  return { ...normalizeEndpoint(endpoint), secret: r.secret };
}

/** useEndpoints lists the webhook endpoints the caller manages: admins every one, others their teams'. */
export function useEndpoints(slug: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.list(slug, 'webhooks', {}),
    queryFn: ({ signal }) =>
      api.get<{ items: WebhookEndpoint[] }>(endpointsPath(slug), undefined, signal).then((r) => (r.items ?? []).map(normalizeEndpoint)),
  });
}

/** useEndpoint loads one endpoint. */
export function useEndpoint(slug: string, id: string) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'webhooks', id),
    queryFn: ({ signal }) => api.get<WebhookEndpoint>(endpointPath(slug, id), undefined, signal).then(normalizeEndpoint),
  });
}

export interface EndpointInput {
  url: string;
  description: string;
  /** Kinds; empty means every kind. */
  events: string[];
  /** The team whose applications' events are sent; left out for a tenant-wide endpoint (admins). */
  team_id?: string;
}

/** useCreateEndpoint registers an endpoint; the answer holds its signing secret, the only time it is sent. */
export function useCreateEndpoint(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: EndpointInput) =>
      api.post<Parameters<typeof normalizeCreated>[0]>(endpointsPath(slug), input).then(normalizeCreated),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'webhooks'),
  });
}

export type EndpointChanges = Partial<Omit<EndpointInput, 'team_id'> & { enabled: boolean }>;

/** useUpdateEndpoint changes an endpoint's URL, description, events or whether it is enabled (not its team). */
export function useUpdateEndpoint(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...changes }: EndpointChanges & { id: string }) =>
      api.patch<WebhookEndpoint>(endpointPath(slug, id), changes).then(normalizeEndpoint),
    onSuccess: (e) => {
      qc.setQueryData(queryKeys.item(slug, 'webhooks', e.id), e);
      return invalidateTenantAreas(qc, slug, 'webhooks');
    },
  });
}

/** useDeleteEndpoint deletes an endpoint and its deliveries. */
export function useDeleteEndpoint(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(endpointPath(slug, id)),
    // Only lists: the deleted endpoint's own page would only fetch 404s until it moves away.
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: [...queryKeys.area(slug, 'webhooks'), 'list'] }),
        invalidateTenantAreas(qc, slug),
      ]),
  });
}

/** useTestEndpoint sends a test event now and resolves to its delivery (delivered, or why not). */
export function useTestEndpoint(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<WebhookDelivery>(`${endpointPath(slug, id)}/test`, {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.area(slug, 'webhooks') }),
  });
}

/** useDeliveries lists an endpoint's deliveries, newest first. */
export function useDeliveries(slug: string, id: string, params: { limit: number; offset: number }) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'webhooks', id, 'deliveries', JSON.stringify(params)),
    queryFn: ({ signal }) =>
      api.get<ListResponse<WebhookDelivery>>(`${endpointPath(slug, id)}/deliveries`, { ...params }, signal),
    placeholderData: (prev) => prev,
  });
}

/** useTeamOptions loads the tenant's teams, to name an endpoint's team and choose one. */
export function useTeamOptions(slug: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.list(slug, 'teams', { limit: 200, offset: 0, purpose: 'options' }),
    queryFn: ({ signal }) => api.get<ListResponse<Team>>(`${tenantPath(slug)}/teams`, { limit: 200 }, signal),
    staleTime: 60_000,
  });
}
