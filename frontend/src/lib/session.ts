import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api, hasSessionHint, type ApiClient } from './api';
import { queryKeys } from './queryKeys';
import type { Me, User } from './types';

export type SessionStatus = 'loading' | 'authenticated' | 'anonymous';

export interface SessionState {
  status: SessionStatus;
  user: User | null;
}

/**
 * SessionStore follows the API client's sign-in and sign-out events so React can render who is signed in.
 * It starts in 'loading' until restore() has asked the server whether the refresh cookie is still good.
 */
export class SessionStore {
  private state: SessionState = { status: 'loading', user: null };
  private readonly listeners = new Set<() => void>();
  private restoring: Promise<void> | null = null;

  constructor(private readonly client: ApiClient) {
    client.subscribe((e) => {
      if (e.type === 'signed-in') this.set({ status: 'authenticated', user: e.user });
      else this.set({ status: 'anonymous', user: null });
    });
  }

  private set(next: SessionState): void {
    this.state = next;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionState => this.state;

  /** restore runs once per page load: it turns the refresh cookie into an access token, if there is one. */
  restore(): Promise<void> {
    if (!this.restoring) {
      if (!hasSessionHint()) {
        // Never signed in here (or signed out since): there is no refresh cookie to try.
        this.set({ status: 'anonymous', user: null });
        this.restoring = Promise.resolve();
        return this.restoring;
      }
      this.restoring = this.client
        .refresh()
        .then((tokens) => {
          if (!tokens) this.set({ status: 'anonymous', user: null });
        })
        .catch(() => this.set({ status: 'anonymous', user: null }));
    }
    return this.restoring;
  }

  /** updateUser replaces the signed-in user's details after they changed them. */
  updateUser(user: User): void {
    if (this.state.status === 'authenticated') this.set({ status: 'authenticated', user });
  }
}

export const sessionStore = new SessionStore(api);

/** useSession returns who is signed in, re-rendering when that changes. */
export function useSession(): SessionState {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.getSnapshot, sessionStore.getSnapshot);
}

/** useMe loads the signed-in user with their tenant memberships. */
export function useMe() {
  const { status } = useSession();
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: ({ signal }) => api.get<Me>('/me', undefined, signal),
    enabled: status === 'authenticated',
    staleTime: 60_000,
  });
}
