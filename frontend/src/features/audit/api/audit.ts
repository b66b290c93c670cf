import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { queryKeys } from '../../../lib/queryKeys';
import type { AuditEntry, ListResponse, Member } from '../../../lib/types';

export interface AuditParams {
  action?: string;
  actor_id?: string;
  target_type?: string;
  limit: number;
  offset: number;
}

/** useAuditLog lists a tenant's audit entries, newest first. */
export function useAuditLog(slug: string, params: AuditParams, enabled = true) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'audit', { ...params }),
    queryFn: ({ signal }) =>
      api.get<ListResponse<AuditEntry>>(`/tenants/${encodeURIComponent(slug)}/audit`, { ...params }, signal),
    placeholderData: (prev) => prev,
    enabled,
  });
}

/** useActorOptions loads the tenant's members to filter the log by who acted. */
export function useActorOptions(slug: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'members', { limit: 200, offset: 0, purpose: 'actors' }),
    queryFn: ({ signal }) =>
      api.get<ListResponse<Member>>(`/tenants/${encodeURIComponent(slug)}/members`, { limit: 200 }, signal),
    staleTime: 60_000,
    enabled,
  });
}
