import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useNotifications, useMarkAllRead, useMarkRead } from '../api/notifications';
import { NotificationItem } from './NotificationItem';

/** unreadLabel names the bell for assistive technology: "Notifications, 3 unread". */
export function unreadLabel(n: number): string {
  return n === 0 ? 'Notifications, none unread' : `Notifications, ${n} unread`;
}

/**
 * NotificationBell sits in the top bar: it shows the unread count of the tenant's notifications (asking every 30
 * seconds) and opens the latest ones, which can be followed and marked read.
 */
export function NotificationBell({ slug }: { slug: string }) {
  const list = useNotifications(slug, { limit: 8, offset: 0 }, true);
  const markRead = useMarkRead(slug);
  const markAll = useMarkAllRead(slug);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const location = useLocation();

  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];
  return (
    <div className="bell" ref={root}>
      <button type="button" className="bell-button" aria-expanded={open} aria-controls={panelId}
        aria-label={unreadLabel(unread)} onClick={() => setOpen((o) => !o)}>
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2"
          strokeLinecap="round" strokeLinejoin="round">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.73 21a2 2 0 0 1-3.46 0" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="bell-panel" id={panelId} role="region" aria-label="Notifications">
          <div className="bell-head">
            <strong>Notifications</strong>
            <button type="button" className="btn btn-sm btn-ghost" disabled={unread === 0 || markAll.isPending}
              onClick={() => markAll.mutate()}>
              Mark all read
            </button>
          </div>
          {list.isPending ? (
            <p className="muted bell-empty">Loading…</p>
          ) : list.isError ? (
            <p className="bell-empty" role="alert">
              Notifications could not be loaded.{' '}
              <button type="button" className="btn btn-sm" onClick={() => list.refetch()}>
                Try again
              </button>
            </p>
          ) : items.length === 0 ? (
            <p className="muted bell-empty">No notifications yet.</p>
          ) : (
            <ul className="notification-list">
              {items.map((n) => (
                <NotificationItem key={n.id} n={n} slug={slug}
                  onOpen={(x) => {
                    if (x.read_at === null) markRead.mutate(x.id);
                    setOpen(false);
                  }}
                  onMarkRead={(x) => markRead.mutate(x.id)} />
              ))}
            </ul>
          )}
          <div className="bell-foot">
            <Link to={`/t/${slug}/notifications`} onClick={() => setOpen(false)}>
              See all notifications
            </Link>
            <Link to={`/t/${slug}/notifications/preferences`} onClick={() => setOpen(false)}>
              Preferences
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}
