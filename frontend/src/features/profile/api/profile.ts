import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { queryKeys } from '../../../lib/queryKeys';
import { sessionStore } from '../../../lib/session';
import type { User } from '../../../lib/types';

/** useUpdateProfile changes the signed-in user's name. */
export function useUpdateProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string }) => api.patch<User>('/me', input),
    onSuccess: (user) => {
      sessionStore.updateUser(user);
      return qc.invalidateQueries({ queryKey: queryKeys.me });
    },
  });
}

/** useChangePassword changes the password; the server signs out every other session of the user. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { current_password: string; new_password: string }) =>
      api.post<void>('/me/password', input),
  });
}
