import { useSearchParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import { CallsOverTime, ErrorRateOverTime, LatencyOverTime } from '../../../components/charts/TrafficCharts';
import { FormError } from '../../../components/FormError';
import { PageHeader } from '../../../components/PageHeader';
import { ForbiddenState } from '../../../components/States';
import { ApiError } from '../../../lib/api';
import { formatDateTime, formatDateTimeSeconds } from '../../../lib/format';
import { useAnchor } from '../../../lib/hooks';
import { useTenant } from '../../../lib/tenant';
import { checkRange, grainPhrase, rangePhrase } from '../../../lib/timeRange';
import { useSummary, useTimeseries } from '../api/analytics';
import { analyticsQuery, filtersFromParams, filtersToParams, type AnalyticsFilters } from '../filters';
import { AnalyticsFiltersBar } from './AnalyticsFiltersBar';
import { PlanUsageChart } from './PlanUsageChart';
import { RefusalsChart } from './RefusalsChart';
import { SummaryStats } from './SummaryStats';
import { TopChart } from './TopChart';

const EMPTY_TEXT = 'Calls through the gateway show up here within a minute or so. Try a longer time range.';

/** rangeRefused returns the server's refusal of the range (422 naming from or to), to show once above the charts. */
function rangeRefused(...errors: unknown[]): ApiError | undefined {
  return errors.find(
    (e): e is ApiError => e instanceof ApiError && e.status === 422 && e.fieldErrors.some((f) => f.field === 'from' || f.field === 'to'),
  );
}

/**
 * AnalyticsPage is the providers' dashboard: traffic over time by status class, error rate and latency, the top
 * applications and APIs, refusals by code and usage per plan, for a time range and filters kept in the URL. Admins
 * and the billing team see every call; members of teams see the traffic of their teams' APIs and applications.
 */
export function AnalyticsPage() {
  const { tenant, isProvider, canManage, canBill } = useTenant();
  // The billing team sees every call too: usage is what it bills.
  const allowed = isProvider || canBill;
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const { anchor, refresh } = useAnchor(JSON.stringify(filters));
  const problems = filters.range === 'custom' ? checkRange(filters.from, filters.to, anchor) : {};
  const valid = !problems.from && !problems.to;
  const query = analyticsQuery(filters, anchor);
  const series = useTimeseries(tenant.slug, query, allowed && valid);
  const summary = useSummary(tenant.slug, query, allowed && valid);

  if (!allowed) {
    return (
      <ForbiddenState what="analytics"
        because="Analytics are for the tenant’s owners, admins and billing team, and for the teams that provide APIs. The usage of your applications is on each application’s page." />
    );
  }

  const setFilters = (next: AnalyticsFilters) => setParams((prev) => filtersToParams(next, prev), { replace: true });
  const range = { from: query.from, to: query.to };
  const phrase = rangePhrase(filters, formatDateTime);
  const refused = rangeRefused(series.error, summary.error);
  const onRefresh = () => {
    if (filters.range === 'custom') {
      void series.refetch();
      void summary.refetch();
    }
    refresh();
  };

  return (
    <>
      <PageHeader title="Analytics"
        description={canManage || canBill ? `Every call through the gateway to the APIs of ${tenant.name}.` : 'Calls through the gateway to the APIs and from the applications of your teams.'} />
      <AnalyticsFiltersBar filters={filters} anchor={anchor} onChange={setFilters} />
      {!valid && (
        <Alert tone="error" title="This time range cannot be shown">
          {[problems.from, problems.to].filter(Boolean).join(' ')} Choose another range.
        </Alert>
      )}
      {refused && <FormError error={refused} />}
      {valid && (
        <>
          <div className="call-log-head">
            <p className="muted small">
              {filters.range === 'custom' ? `Calls ${phrase}` : `Calls in ${phrase}, up to ${formatDateTimeSeconds(anchor.toISOString())}`}
              {series.data && ` · ${grainPhrase(series.data.grain)}`}
              {(series.isFetching || summary.isFetching) && <span> · updating…</span>}
            </p>
            <button type="button" className="btn btn-sm" onClick={onRefresh}>
              Refresh
            </button>
          </div>
          <SummaryStats query={summary} />
          <CallsOverTime query={series} emptyText={EMPTY_TEXT} />
          <div className="chart-grid">
            <ErrorRateOverTime query={series} emptyText={EMPTY_TEXT} />
            <LatencyOverTime query={series} emptyText={EMPTY_TEXT} />
            <TopChart title="Top applications" what="Application" query={summary} items={summary.data?.top_applications} range={range} />
            <TopChart title="Top APIs" what="API" query={summary} items={summary.data?.top_apis} range={range} />
            <RefusalsChart query={summary} codes={summary.data?.refusals_by_code} range={range} />
            <PlanUsageChart query={summary} plans={summary.data?.usage_by_plan} range={range} />
          </div>
        </>
      )}
    </>
  );
}
