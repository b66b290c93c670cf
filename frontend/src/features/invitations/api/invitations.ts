import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { invalidateTenantAreas } from '../../../lib/invalidate';
import { queryKeys } from '../../../lib/queryKeys';
import type { Invitation, InvitationStatus, ListResponse, Role, Team } from '../../../lib/types';

const invitationsPath = (slug: string) => `/tenants/${encodeURIComponent(slug)}/invitations`;

export type StatusFilter = InvitationStatus | 'all';

export interface InvitationListParams {
  status: StatusFilter;
  limit: number;
  offset: number;
}

/** useInvitations lists a tenant's invitations with one status (pending by default on the server). */
export function useInvitations(slug: string, params: InvitationListParams, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.list(slug, 'invitations', { ...params }),
    queryFn: ({ signal }) => api.get<ListResponse<Invitation>>(invitationsPath(slug), { ...params }, signal),
    placeholderData: (prev) => prev,
  });
}

export interface InviteInput {
  email: string;
  role: Role;
  team_id?: string;
}

/** useCreateInvitation invites someone by email; the server sends the link. */
export function useCreateInvitation(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: InviteInput) => api.post<Invitation>(invitationsPath(slug), input),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'invitations'),
  });
}

/** useRevokeInvitation revokes a pending invitation so its link stops working. */
export function useRevokeInvitation(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`${invitationsPath(slug)}/${encodeURIComponent(id)}`),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'invitations'),
  });
}

/** useTeamOptions loads the tenant's teams to offer as an invitation's team. */
export function useTeamOptions(slug: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.list(slug, 'teams', { limit: 200, offset: 0, purpose: 'options' }),
    queryFn: ({ signal }) =>
      api.get<ListResponse<Team>>(`/tenants/${encodeURIComponent(slug)}/teams`, { limit: 200 }, signal),
    staleTime: 60_000,
  });
}
