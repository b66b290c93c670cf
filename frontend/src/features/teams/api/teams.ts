import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { invalidateTenantAreas } from '../../../lib/invalidate';
import { queryKeys } from '../../../lib/queryKeys';
import type { ListResponse, Member, Team, TeamMember } from '../../../lib/types';

const teamsPath = (slug: string) => `/tenants/${encodeURIComponent(slug)}/teams`;
const teamPath = (slug: string, id: string) => `${teamsPath(slug)}/${encodeURIComponent(id)}`;

export interface ListParams {
  q?: string;
  limit: number;
  offset: number;
}

/** useTeams lists a tenant's teams. */
export function useTeams(slug: string, params: ListParams) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'teams', { ...params }),
    queryFn: ({ signal }) => api.get<ListResponse<Team>>(teamsPath(slug), { ...params }, signal),
    placeholderData: (prev) => prev,
  });
}

/** useTeam loads one team. */
export function useTeam(slug: string, id: string) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'teams', id),
    queryFn: ({ signal }) => api.get<Team>(teamPath(slug, id), undefined, signal),
  });
}

export interface TeamInput {
  name: string;
  slug?: string;
  description?: string;
}

/** useCreateTeam creates a team; the server derives the slug from the name when none is given. */
export function useCreateTeam(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TeamInput) => api.post<Team>(teamsPath(slug), input),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'teams'),
  });
}

/** useUpdateTeam changes a team's name or description. */
export function useUpdateTeam(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: { id: string; name?: string; description?: string }) =>
      api.patch<Team>(teamPath(slug, id), input),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'teams'),
  });
}

/** useDeleteTeam deletes a team. */
export function useDeleteTeam(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(teamPath(slug, id)),
    // Only the lists are refreshed: refetching the deleted team's detail (still on screen until the page moves
    // away) would only produce 404s. Its cache entries expire on their own once nothing shows them.
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: [...queryKeys.area(slug, 'teams'), 'list'] }),
        invalidateTenantAreas(qc, slug),
      ]),
  });
}

/** useTeamMembers lists the members of one team. */
export function useTeamMembers(slug: string, id: string, params: ListParams) {
  return useQuery({
    queryKey: queryKeys.item(slug, 'teams', id, 'members', JSON.stringify(params)),
    queryFn: ({ signal }) =>
      api.get<ListResponse<TeamMember>>(`${teamPath(slug, id)}/members`, { ...params }, signal),
    placeholderData: (prev) => prev,
  });
}

/** useAddTeamMember puts a tenant member into a team. */
export function useAddTeamMember(slug: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.post<TeamMember>(`${teamPath(slug, id)}/members`, { user_id: userId }),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'teams'),
  });
}

/** useRemoveTeamMember takes a user out of a team (they stay a member of the tenant). */
export function useRemoveTeamMember(slug: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.delete(`${teamPath(slug, id)}/members/${encodeURIComponent(userId)}`),
    onSuccess: () => invalidateTenantAreas(qc, slug, 'teams'),
  });
}

/** useMemberCandidates searches the tenant's members to pick one to add to a team. */
export function useMemberCandidates(slug: string, q: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.list(slug, 'members', { q, limit: 50, purpose: 'team-candidates' }),
    queryFn: ({ signal }) =>
      api.get<ListResponse<Member>>(`/tenants/${encodeURIComponent(slug)}/members`, { q, limit: 50 }, signal),
    placeholderData: (prev) => prev,
    enabled,
  });
}
