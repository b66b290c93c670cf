import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { queryKeys } from '../../../lib/queryKeys';
import type { Invitation, ListResponse, Member, Team, Tenant } from '../../../lib/types';

const base = (slug: string) => `/tenants/${encodeURIComponent(slug)}`;

/** useTenantDetail loads one tenant with the caller's role in it. */
export function useTenantDetail(slug: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.tenantDetail(slug),
    queryFn: ({ signal }) => api.get<Tenant>(base(slug), undefined, signal),
    enabled: enabled && slug !== '',
  });
}

export interface TenantListParams {
  q?: string;
  limit: number;
  offset: number;
}

/** useTenants lists tenants: all of them for a platform admin, else the caller's. */
export function useTenants(params: TenantListParams, enabled = true) {
  return useQuery({
    queryKey: queryKeys.tenants({ ...params }),
    queryFn: ({ signal }) => api.get<ListResponse<Tenant>>('/tenants', { ...params }, signal),
    placeholderData: (prev) => prev,
    enabled,
  });
}

export interface CreateTenantInput {
  slug: string;
  name: string;
  allow_signup: boolean;
  owner_email?: string;
}

/** useCreateTenant creates a tenant (platform admins only). */
export function useCreateTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTenantInput) => api.post<Tenant>('/tenants', input),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: queryKeys.tenants() }),
        qc.invalidateQueries({ queryKey: queryKeys.me }),
      ]),
  });
}

export interface UpdateTenantInput {
  name?: string;
  allow_signup?: boolean;
}

/** useUpdateTenant changes a tenant's name or sign-up setting. */
export function useUpdateTenant(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateTenantInput) => api.patch<Tenant>(base(slug), input),
    onSuccess: (tenant) => {
      qc.setQueryData(queryKeys.tenantDetail(slug), tenant);
      return Promise.all([
        qc.invalidateQueries({ queryKey: queryKeys.tenant(slug) }),
        qc.invalidateQueries({ queryKey: queryKeys.tenants() }),
        qc.invalidateQueries({ queryKey: queryKeys.me }),
      ]);
    },
  });
}

const totalOf = <T,>(slug: string, area: 'members' | 'teams' | 'invitations', path: string, enabled: boolean) => ({
  queryKey: queryKeys.list(slug, area, { limit: 1, summary: true }),
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    api.get<ListResponse<T>>(`${base(slug)}/${path}`, { limit: 1 }, signal).then((r) => r.total),
  enabled,
});

/** useTenantCounts loads how many members, teams and pending invitations a tenant has. */
export function useTenantCounts(slug: string, canManage: boolean) {
  const members = useQuery(totalOf<Member>(slug, 'members', 'members', true));
  const teams = useQuery(totalOf<Team>(slug, 'teams', 'teams', true));
  const invitations = useQuery(totalOf<Invitation>(slug, 'invitations', 'invitations', canManage));
  return { members, teams, invitations };
}

/**
 * useLeaveTenant removes the caller from a tenant (and its teams). The server refuses the last owner. The tenant's
 * cached pages are dropped and the memberships reloaded before it resolves, so the portal can move elsewhere.
 */
export function useLeaveTenant(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.delete(`${base(slug)}/members/${encodeURIComponent(userId)}`),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: queryKeys.me });
      await qc.invalidateQueries({ queryKey: queryKeys.tenants() });
    },
  });
}
