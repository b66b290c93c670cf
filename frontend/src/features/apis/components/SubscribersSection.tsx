import { useState } from 'react';
import { Link } from 'react-router';
import { actionsColumn, dateColumn, planColumn, stateColumn, SubscriptionStateFilter, SubscriptionTable } from '../../../components/SubscriptionTable';
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
        <SubscriptionStateFilter className="input select input-auto" value={state} onChange={setState} />
      </div>
      <SubscriptionTable subs={subs} state={state} page={page} caption={`Subscribers of ${api.name}`}
        empty={{ title: 'No subscribers yet', text: 'Applications that subscribe to a plan of this API appear here.' }}
        columns={[
          { header: 'Application', cell: (s) => s.application_name },
          { header: 'Team', cell: (s) => s.team_name },
          planColumn,
          stateColumn,
          dateColumn('Requested', 'created_at'),
          ...(canManage
            ? [
                actionsColumn((s) => (
                  <Link className="btn btn-sm" to={`/t/${tenant.slug}/subscriptions/${s.id}`}
                    aria-label={`Manage the subscription of ${s.application_name}`}>
                    Manage
                  </Link>
                )),
              ]
            : []),
        ]} />
    </section>
  );
}
