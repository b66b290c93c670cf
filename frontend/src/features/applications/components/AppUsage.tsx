import { useSearchParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import { CallsOverTime, ErrorRateOverTime } from '../../../components/charts/TrafficCharts';
import { RangePicker } from '../../../components/RangePicker';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatDateTime } from '../../../lib/format';
import { useAnchor } from '../../../lib/hooks';
import { useTenant } from '../../../lib/tenant';
import { checkRange, rangeBounds, rangeFromParams, rangePhrase, rangeToParams, requestGrain, type TimeRange } from '../../../lib/timeRange';
import type { Application } from '../../../lib/types';
import { useAppTimeseries, useAppUsage } from '../api/applications';
import { LatestRefusals } from './LatestRefusals';
import { QuotaBar } from './QuotaBar';

/** QuotaSection shows how far each live subscription is into its quota this period. */
function QuotaSection({ app }: { app: Application }) {
  const { tenant } = useTenant();
  const usage = useAppUsage(tenant.slug, app.id);
  let body;
  if (usage.isPending) body = <LoadingState label="Loading the quotas…" />;
  else if (usage.isError) body = <ErrorState error={usage.error} title="The quotas cannot be loaded" onRetry={() => usage.refetch()} />;
  else if (usage.data.length === 0) {
    body = (
      <EmptyState title="No live subscriptions">
        Once {app.name} subscribes to an API, its use of the plan’s quota is shown here.
      </EmptyState>
    );
  } else {
    body = (
      <ul className="quota-list card">
        {usage.data.map((u) => (
          <QuotaBar key={u.subscription_id} usage={u} />
        ))}
      </ul>
    );
  }
  return (
    <section className="section" aria-labelledby="quota-title">
      <div className="section-header">
        <h2 id="quota-title">Quotas this period</h2>
      </div>
      {body}
    </section>
  );
}

/** TrafficSection charts the application's calls and errors over a time range kept in the URL. */
function TrafficSection({ app }: { app: Application }) {
  const { tenant } = useTenant();
  const [params, setParams] = useSearchParams();
  const range = rangeFromParams(params);
  const { anchor } = useAnchor(JSON.stringify(range));
  const problems = range.range === 'custom' ? checkRange(range.from, range.to, anchor) : {};
  const valid = !problems.from && !problems.to;
  const bounds = rangeBounds(range, anchor);
  const grain = requestGrain(bounds.from, bounds.to);
  const query: Record<string, string> = { ...bounds, application_id: app.id, ...(grain ? { grain } : {}) };
  const series = useAppTimeseries(tenant.slug, query, valid);
  const setRange = (r: TimeRange) => setParams((prev) => rangeToParams(r, prev), { replace: true });
  const emptyText = `${app.name} made no calls in ${rangePhrase(range, formatDateTime)}. Calls show up here within a minute or so.`;
  return (
    <section className="section" aria-labelledby="traffic-title">
      <div className="section-header">
        <h2 id="traffic-title">Calls and errors</h2>
        <div className="toolbar toolbar-fields section-tools">
          <RangePicker value={range} anchor={anchor} onChange={setRange} />
        </div>
      </div>
      {!valid ? (
        <Alert tone="error" title="This time range cannot be shown">
          {[problems.from, problems.to].filter(Boolean).join(' ')} Choose another range.
        </Alert>
      ) : (
        <div className="chart-grid">
          <CallsOverTime query={series} subject={app.name} emptyText={emptyText} />
          <ErrorRateOverTime query={series} subject={app.name} emptyText={emptyText} />
        </div>
      )}
    </section>
  );
}

/**
 * AppUsage is the application page's Usage tab for its team: quota use per subscription, calls and errors over
 * time, and the latest refusals with links to what they mean. It loads on first use: it brings the charts.
 */
export function AppUsage({ app }: { app: Application }) {
  return (
    <>
      <QuotaSection app={app} />
      <TrafficSection app={app} />
      <LatestRefusals app={app} />
    </>
  );
}
