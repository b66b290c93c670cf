import { Link, useSearchParams } from 'react-router';
import { CheckboxField, SelectField } from '../../../components/FormField';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { useToast } from '../../../components/Toast';
import { describeError } from '../../../lib/api';
import { plural } from '../../../lib/format';
import { usePagination } from '../../../lib/hooks';
import { ALERT_KINDS, kindLabel, OTHER_KINDS } from '../../../lib/kinds';
import { useTenant } from '../../../lib/tenant';
import { useMarkAllRead, useMarkRead, useNotifications } from '../api/notifications';
import { notificationFiltersFromParams, notificationFiltersToParams, type NotificationFilters } from '../filters';
import { NotificationItem } from './NotificationItem';

const PAGE_SIZE = 20;

/** KindSelect narrows the list to one kind; alerts first, then the notifications that are always sent. */
function KindSelect({ value, onChange }: { value: string; onChange: (kind: string) => void }) {
  const known = value === '' || [...ALERT_KINDS, ...OTHER_KINDS].some((k) => k.kind === value);
  return (
    <SelectField label="Kind" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">All kinds</option>
      {!known && <option value={value}>{kindLabel(value)}</option>}
      <optgroup label="Alerts">
        {ALERT_KINDS.map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.label}
          </option>
        ))}
      </optgroup>
      <optgroup label="Requests and billing">
        {OTHER_KINDS.map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.label}
          </option>
        ))}
      </optgroup>
    </SelectField>
  );
}

/** NotificationsPage lists all of the caller's notifications in the tenant, newest first, filtered by the URL. */
export function NotificationsPage() {
  const { tenant } = useTenant();
  const [params, setParams] = useSearchParams();
  const filters = notificationFiltersFromParams(params);
  const page = usePagination(PAGE_SIZE, [filters.unread, filters.kind]);
  const list = useNotifications(tenant.slug, { unread: filters.unread, kind: filters.kind, limit: page.limit, offset: page.offset });
  const markRead = useMarkRead(tenant.slug);
  const markAll = useMarkAllRead(tenant.slug);
  const toast = useToast();
  const unread = list.data?.unread ?? 0;
  const setFilters = (f: NotificationFilters) => setParams((prev) => notificationFiltersToParams(f, prev), { replace: true });
  const filtered = filters.unread || filters.kind !== '';
  // The server filters by kind; a server that does not yet would send every kind, which the page must not show.
  const items = (list.data?.items ?? []).filter((n) => !filters.kind || n.kind === filters.kind);

  return (
    <>
      <PageHeader
        title="Notifications"
        description={list.data ? (unread === 0 ? 'Everything is read.' : `${plural(unread, ['notification is', 'notifications are'])} unread.`) : undefined}
        actions={
          <>
            <Link className="btn" to={`/t/${tenant.slug}/notifications/preferences`}>
              Preferences
            </Link>
            <button type="button" className="btn" disabled={unread === 0 || markAll.isPending}
              onClick={() => markAll.mutate(undefined, { onError: (e) => toast.error(describeError(e)) })}>
              Mark all read
            </button>
          </>
        }
      />
      <div className="toolbar toolbar-fields">
        <KindSelect value={filters.kind} onChange={(kind) => setFilters({ ...filters, kind })} />
        <CheckboxField label="Unread only" checked={filters.unread} onChange={(e) => setFilters({ ...filters, unread: e.target.checked })} />
        {filtered && (
          <button type="button" className="btn btn-ghost" onClick={() => setFilters({ unread: false, kind: '' })}>
            Clear filters
          </button>
        )}
      </div>
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={filtered ? 'No notifications match these filters' : 'No notifications yet'}>
          {filtered
            ? 'Try all kinds, or read ones too.'
            : 'Quota warnings, payment problems, expiring keys and decisions about subscription requests are announced here.'}
        </EmptyState>
      ) : (
        <>
          <ul className="notification-list card" aria-busy={list.isPlaceholderData}>
            {items.map((n) => (
              <NotificationItem key={n.id} n={n} slug={tenant.slug} showKind onOpen={(x) => x.read_at === null && markRead.mutate(x.id)}
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
