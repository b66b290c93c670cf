import { useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { ForbiddenState } from '../../../components/States';
import { actionsColumn, dateColumn, planColumn, stateColumn, SubscriptionStateFilter, SubscriptionTable } from '../../../components/SubscriptionTable';
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
        <SubscriptionStateFilter value={state} onChange={setState} />
      </div>
      <SubscriptionTable subs={subs} state={state} page={page} caption="Subscriptions"
        empty={{ title: 'No subscriptions yet', text: 'When applications subscribe to plans, their subscriptions appear here.' }}
        columns={[
          {
            header: 'Application',
            cell: (s) => (
              <>
                {s.application_name}
                <div className="muted small">{s.team_name}</div>
              </>
            ),
          },
          { header: 'API', cell: (s) => s.api_name },
          planColumn,
          stateColumn,
          dateColumn('Updated', 'updated_at'),
          actionsColumn((s) => (
            <Link className="btn btn-sm" to={s.id} aria-label={`Manage the subscription of ${s.application_name} to ${s.api_name}`}>
              Manage
            </Link>
          )),
        ]} />
    </>
  );
}
