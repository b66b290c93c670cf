import { useState } from 'react';
import { Link } from 'react-router';
import { StateBadge } from '../../../components/Badge';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatDate, STATE_LABELS } from '../../../lib/format';
import { usePagination } from '../../../lib/hooks';
import { useTenant } from '../../../lib/tenant';
import type { Api, SubscriptionState } from '../../../lib/types';
import { useSubscribers } from '../api/apis';

const PAGE_SIZE = 20;

/** SubscribersSection lists who subscribes to an API; each links to the subscription's page. */
export function SubscribersSection({ api }: { api: Api }) {
  const { tenant, canManage } = useTenant();
  const [state, setState] = useState<SubscriptionState | ''>('');
  const page = usePagination(PAGE_SIZE, [state]);
  const subs = useSubscribers(tenant.slug, api.id, { state, limit: page.limit, offset: page.offset });

  return (
    <section aria-labelledby="subscribers-title">
      <div className="section-header">
        <h2 id="subscribers-title">Subscribers</h2>
        <select className="input select input-auto" aria-label="Filter by state" value={state}
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
        <EmptyState title={state ? `No ${STATE_LABELS[state].toLowerCase()} subscriptions` : 'No subscribers yet'}>
          {state ? 'Try another state.' : 'Applications that subscribe to a plan of this API appear here.'}
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">Subscribers of {api.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Application</th>
                  <th scope="col">Team</th>
                  <th scope="col">Plan</th>
                  <th scope="col">State</th>
                  <th scope="col">Requested</th>
                  {canManage && <th scope="col"><span className="sr-only">Actions</span></th>}
                </tr>
              </thead>
              <tbody>
                {subs.data.items.map((s) => (
                  <tr key={s.id}>
                    <td>{s.application_name}</td>
                    <td>{s.team_name}</td>
                    <td>{s.plan_name}</td>
                    <td>
                      <StateBadge state={s.state} />
                    </td>
                    <td>{formatDate(s.created_at)}</td>
                    {canManage && (
                      <td className="actions">
                        <Link className="btn btn-sm" to={`/t/${tenant.slug}/subscriptions/${s.id}`}
                          aria-label={`Manage the subscription of ${s.application_name}`}>
                          Manage
                        </Link>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={subs.data.total} limit={page.limit} offset={page.offset} onChange={page.setOffset}
            noun={['subscription', 'subscriptions']} />
        </>
      )}
    </section>
  );
}
