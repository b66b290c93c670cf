import { NavLink } from 'react-router';
import { useNotifications } from '../api/notifications';
import { unreadLabel } from './NotificationBell';

/**
 * NotificationsNavLink is the navigation's link to the notification centre, with the unread count beside it. It
 * shares the bell's query (and its polling), so both always agree.
 */
export function NotificationsNavLink({ slug, className }: { slug: string; className: (s: { isActive: boolean }) => string }) {
  const list = useNotifications(slug, { limit: 8, offset: 0 }, true);
  const unread = list.data?.unread ?? 0;
  return (
    <NavLink to={`/t/${slug}/notifications`} className={className} aria-label={unread > 0 ? unreadLabel(unread) : undefined}>
      Notifications
      {unread > 0 && (
        <span className="nav-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </NavLink>
  );
}
