import { useState } from 'react';
import { Link } from 'react-router';
import { StateBadge } from '../../../components/Badge';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, ForbiddenState, LoadingState } from '../../../components/States';
import { formatDate, STATE_LABELS } from '../../../lib/format';
import { usePagination } from '../../../lib/hooks';
import { useTenant } from '../../../lib/tenant';
import type { SubscriptionState } from '../../../lib/types';
import { useSubscriptions } from '../api/subscriptions';

const PAGE_SIZE = 25;

/** SubscriptionsPage lists every subscription in the tenant for owners and admins, filtered by state. */
export function SubscriptionsPage() {
  const { tenant, canManage } = useTenant();
  const [state, setState] = useState<SubscriptionState | ''>('');
  const page = usePagination(PAGE_SIZE, [state]);
  const subs = useSubscriptions(tenant.slug, { state, limit: page.limit, offset: page.offset }, canManage);

  if (!canManage) return <ForbiddenState what="every subscription" />;
  return (
    <>
      <PageHeader
        title="Subscriptions"
        description="Every application's subscriptions in this tenant."
        back={<Link to={`/t/${tenant.slug}/approvals`}>← Approvals</Link>}
      />
      <div className="toolbar">
        <select className="input select" aria-label="Filter by state" value={state}
          onChange={(e) => setState(e.target.value as SubscriptionState | '')}>
          <option value="">Every state</option>
          {(Object.keys(STATE_LABELS) as SubscriptionState[]).map((s) => (
            <option key={s} value={s}>
              {STATE_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      {subs.isPending ? (
        <LoadingState />
      ) : subs.isError ? (
        <ErrorState error={subs.error} onRetry={() => subs.refetch()} />
      ) : subs.data.items.length === 0 ? (
        <EmptyState title={state ? `No ${STATE_LABELS[state].toLowerCase()} subscriptions` : 'No subscriptions yet'}>
          {state ? 'Try another state.' : 'When applications subscribe to plans, their subscriptions appear here.'}
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">Subscriptions</caption>
              <thead>
                <tr>
                  <th scope="col">Application</th>
                  <th scope="col">API</th>
                  <th scope="col">Plan</th>
                  <th scope="col">State</th>
                  <th scope="col">Updated</th>
                  <th scope="col"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {subs.data.items.map((s) => (
                  <tr key={s.id}>
                    <td>
                      {s.application_name}
                      <div className="muted small">{s.team_name}</div>
                    </td>
                    <td>{s.api_name}</td>
                    <td>{s.plan_name}</td>
                    <td>
                      <StateBadge state={s.state} />
                    </td>
                    <td>{formatDate(s.updated_at)}</td>
                    <td className="actions">
                      <Link className="btn btn-sm" to={s.id} aria-label={`Manage the subscription of ${s.application_name} to ${s.api_name}`}>
                        Manage
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={subs.data.total} limit={page.limit} offset={page.offset} onChange={page.setOffset}
            noun={['subscription', 'subscriptions']} />
        </>
      )}
    </>
  );
}
