import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { queryKeys } from '../../../lib/queryKeys';
import type { InvitationPreview, PublicTenant, TokenResponse } from '../../../lib/types';

/** usePublicTenant loads what the login and sign-up pages show about a tenant. */
export function usePublicTenant(slug: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.publicTenant(slug ?? ''),
    queryFn: ({ signal }) => api.get<PublicTenant>(`/public/tenants/${encodeURIComponent(slug ?? '')}`, undefined, signal),
    enabled: !!slug,
    retry: false,
  });
}

export interface Credentials {
  email: string;
  password: string;
}

/** useLogin signs in; earlier cached data is dropped so nothing of another user shows. */
export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ email, password }: Credentials) => api.login(email.trim(), password),
    onSuccess: () => qc.removeQueries(),
  });
}

export interface SignupInput {
  email: string;
  name: string;
  password: string;
}

/** useSignup creates an account and a developer membership in a tenant that allows sign-up. */
export function useSignup(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SignupInput) =>
      api.post<TokenResponse>(`/public/tenants/${encodeURIComponent(slug)}/signup`, input),
    onSuccess: (tokens) => {
      qc.removeQueries();
      api.acceptTokens(tokens);
    },
  });
}

/** useInvitationPreview loads the tenant, email and role an invitation link is for. */
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: queryKeys.invitationPreview(token),
    queryFn: ({ signal }) =>
      api.get<InvitationPreview>(`/invitations/${encodeURIComponent(token)}`, undefined, signal),
    retry: false,
  });
}

export interface AcceptInput {
  name: string;
  password: string;
}

/** useAcceptInvitation accepts an invitation and signs in as the invited user. */
export function useAcceptInvitation(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: AcceptInput) =>
      api.post<TokenResponse>(`/invitations/${encodeURIComponent(token)}/accept`, input),
    onSuccess: (tokens) => {
      qc.removeQueries();
      api.acceptTokens(tokens);
    },
  });
}

/** useLogout ends the session and forgets every cached answer. */
export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.logout(),
    onSettled: () => qc.clear(),
  });
}
