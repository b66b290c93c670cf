import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { invalidateTenantAreas } from '../../../lib/invalidate';
import { queryKeys } from '../../../lib/queryKeys';
import type { ListResponse, Member, Role } from '../../../lib/types';

const membersPath = (slug: string) => `/tenants/${encodeURIComponent(slug)}/members`;

export interface MemberListParams {
  q?: string;
  role?: Role | '';
  limit: number;
  offset: number;
}

/** useMembers lists a tenant's members, filtered by search text and role. */
export function useMembers(slug: string, params: MemberListParams) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'members', { ...params }),
    queryFn: ({ signal }) => api.get<ListResponse<Member>>(membersPath(slug), { ...params }, signal),
    placeholderData: (prev) => prev,
  });
}

/** useChangeRole gives a member another role; only owners grant or take away the owner role. */
export function useChangeRole(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      api.patch<Member>(`${membersPath(slug)}/${encodeURIComponent(userId)}`, { role }),
    onSuccess: () =>
      Promise.all([
        invalidateTenantAreas(qc, slug, 'members'),
        qc.invalidateQueries({ queryKey: queryKeys.tenantDetail(slug) }),
        qc.invalidateQueries({ queryKey: queryKeys.me }),
      ]),
  });
}

/** useRemoveMember removes someone from the tenant (and so from its teams). */
export function useRemoveMember(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.delete(`${membersPath(slug)}/${encodeURIComponent(userId)}`),
    onSuccess: () =>
      Promise.all([
        invalidateTenantAreas(qc, slug, 'members', 'teams'),
        qc.invalidateQueries({ queryKey: queryKeys.me }),
      ]),
  });
}
