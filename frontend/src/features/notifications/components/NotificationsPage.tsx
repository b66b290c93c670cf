import { useState } from 'react';
import { CheckboxField } from '../../../components/FormField';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { useToast } from '../../../components/Toast';
import { describeError } from '../../../lib/api';
import { plural } from '../../../lib/format';
import { usePagination } from '../../../lib/hooks';
import { useTenant } from '../../../lib/tenant';
import { useMarkAllRead, useMarkRead, useNotifications } from '../api/notifications';
import { NotificationItem } from './NotificationItem';

const PAGE_SIZE = 20;

/** NotificationsPage lists all of the caller's notifications in the tenant, newest first. */
export function NotificationsPage() {
  const { tenant } = useTenant();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const page = usePagination(PAGE_SIZE, [unreadOnly]);
  const list = useNotifications(tenant.slug, { unread: unreadOnly, limit: page.limit, offset: page.offset });
  const markRead = useMarkRead(tenant.slug);
  const markAll = useMarkAllRead(tenant.slug);
  const toast = useToast();
  const unread = list.data?.unread ?? 0;

  return (
    <>
      <PageHeader
        title="Notifications"
        description={list.data ? (unread === 0 ? 'Everything is read.' : `${plural(unread, ['notification is', 'notifications are'])} unread.`) : undefined}
        actions={
          <button type="button" className="btn" disabled={unread === 0 || markAll.isPending}
            onClick={() => markAll.mutate(undefined, { onError: (e) => toast.error(describeError(e)) })}>
            Mark all read
          </button>
        }
      />
      <CheckboxField label="Unread only" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={unreadOnly ? 'No unread notifications' : 'No notifications yet'}>
          Decisions about your subscription requests, and requests waiting for your approval, are announced here.
        </EmptyState>
      ) : (
        <>
          <ul className="notification-list card">
            {list.data.items.map((n) => (
              <NotificationItem key={n.id} n={n} slug={tenant.slug} onOpen={(x) => x.read_at === null && markRead.mutate(x.id)}
                onMarkRead={(x) => markRead.mutate(x.id, { onError: (e) => toast.error(describeError(e)) })} />
            ))}
          </ul>
          <Pagination total={list.data.total} limit={page.limit} offset={page.offset} onChange={page.setOffset}
            noun={['notification', 'notifications']} />
        </>
      )}
    </>
  );
}
