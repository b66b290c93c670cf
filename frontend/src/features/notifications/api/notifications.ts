import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { queryKeys } from '../../../lib/queryKeys';
import type { NotificationList, NotificationPreference } from '../../../lib/types';

const path = (slug: string) => `/tenants/${encodeURIComponent(slug)}/notifications`;
const preferencesPath = (slug: string) => `/tenants/${encodeURIComponent(slug)}/notification-preferences`;
const preferencesKey = (slug: string) => queryKeys.item(slug, 'notifications', 'preferences');

/** POLL_MS is how often the bell asks for new notifications. */
export const POLL_MS = 30_000;

export interface NotificationParams {
  unread?: boolean;
  /** Only notifications of this kind (quota.threshold, …). */
  kind?: string;
  limit: number;
  offset: number;
}

/**
 * useNotifications lists the caller's notifications in a tenant, newest first, with the unread count. With poll it
 * asks again every 30 seconds while the page is visible.
 */
export function useNotifications(slug: string | null, params: NotificationParams, poll = false) {
  return useQuery({
    enabled: !!slug,
    queryKey: queryKeys.list(slug ?? '', 'notifications', { ...params }),
    queryFn: ({ signal }) =>
      api.get<NotificationList>(path(slug ?? ''), { ...params, unread: params.unread || undefined, kind: params.kind || undefined }, signal),
    refetchInterval: poll ? POLL_MS : false,
    placeholderData: (prev) => prev,
  });
}

function useRefresh(slug: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: queryKeys.area(slug, 'notifications') });
}

/** useMarkRead marks one notification read. */
export function useMarkRead(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: (id: string) => api.post<void>(`${path(slug)}/${encodeURIComponent(id)}/read`, {}),
    onSuccess: refresh,
  });
}

/** useMarkAllRead marks every notification read. */
export function useMarkAllRead(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: () => api.post<void>(`${path(slug)}/read-all`, {}),
    onSuccess: refresh,
  });
}

/** usePreferences loads what the caller wants to hear about in this tenant, per kind: in the portal, by email. */
export function usePreferences(slug: string) {
  return useQuery({
    queryKey: preferencesKey(slug),
    queryFn: ({ signal }) =>
      api.get<{ items: NotificationPreference[] }>(preferencesPath(slug), undefined, signal).then((r) => r.items ?? []),
  });
}

/** useSavePreferences replaces the caller's choices; it resolves to the preferences as the server now has them. */
export function useSavePreferences(slug: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (items: Pick<NotificationPreference, 'kind' | 'portal' | 'email'>[]) =>
      api.put<{ items: NotificationPreference[] }>(preferencesPath(slug), { items }).then((r) => r.items ?? []),
    onSuccess: (items) => qc.setQueryData(preferencesKey(slug), items),
  });
}

/** Portal paths outside any tenant; every other path in a notification is relative to its tenant. */
const GLOBAL = /^\/(t|admin|profile|invite|login|logout)(\/|$|\?)/;

/**
 * internalPath turns a notification's link into a portal path when it points into the portal, else returns null:
 * such links open as ordinary links. The server writes links relative to the tenant ("/approvals",
 * "/subscriptions/<id>"); they are placed under /t/<tenant>.
 */
export function internalPath(
  link: string,
  slug: string,
  origin = typeof window !== 'undefined' ? window.location.origin : '',
): string | null {
  if (!link) return null;
  let path: string | null = null;
  if (link.startsWith('/') && !link.startsWith('//')) {
    path = link;
  } else {
    try {
      const u = new URL(link);
      path = u.origin === origin ? u.pathname + u.search + u.hash : null;
    } catch {
      path = null;
    }
  }
  if (path === null) return null;
  return GLOBAL.test(path) ? path : `/t/${encodeURIComponent(slug)}${path}`;
}
