import { Link } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { kindLabel } from '../../../lib/kinds';
import type { AppNotification } from '../../../lib/types';
import { internalPath } from '../api/notifications';

/** NotificationItem is one notification: its title (a link when it has one), body, time (and kind) and a mark-read button. */
export function NotificationItem({
  n,
  slug,
  onOpen,
  onMarkRead,
  showKind = false,
}: {
  n: AppNotification;
  /** The tenant the notification belongs to: its links are relative to it. */
  slug: string;
  /** Called when the link is followed; the item is marked read then. */
  onOpen: (n: AppNotification) => void;
  onMarkRead: (n: AppNotification) => void;
  /** Says what kind of notification it is, next to its time (the notification centre, where kinds are filtered). */
  showKind?: boolean;
}) {
  const unread = n.read_at === null;
  const to = internalPath(n.link, slug);
  const title = to ? (
    <Link to={to} onClick={() => onOpen(n)}>
      {n.title}
    </Link>
  ) : n.link ? (
    <a href={n.link} target="_blank" rel="noopener noreferrer" onClick={() => onOpen(n)}>
      {n.title}
    </a>
  ) : (
    n.title
  );
  return (
    <li className={unread ? 'notification unread' : 'notification'}>
      <div className="notification-main">
        <p className="notification-title">
          {unread && <span className="unread-dot" aria-hidden="true" />}
          {unread && <span className="sr-only">Unread: </span>}
          {title}
        </p>
        {n.body && <p className="notification-body">{n.body}</p>}
        <p className="muted small">
          {showKind && `${kindLabel(n.kind)} · `}
          {formatDateTime(n.created_at)}
        </p>
      </div>
      {unread && (
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => onMarkRead(n)} aria-label={`Mark “${n.title}” read`}>
          Mark read
        </button>
      )}
    </li>
  );
}
