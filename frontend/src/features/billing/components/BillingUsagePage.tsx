import { Badge } from '../../../components/Badge';
import { ChartCard } from '../../../components/charts/ChartCard';
import { CategoryChart, type ChartSeries } from '../../../components/charts/Charts';
import { PageHeader } from '../../../components/PageHeader';
import { ForbiddenState } from '../../../components/States';
import { csvFilename, toCsv, type CsvColumn } from '../../../lib/csv';
import { formatNumber, formatPeriod } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { BillableUsage } from '../../../lib/types';
import { useBillingUsage } from '../api/billing';
import { BILLING_FORBIDDEN } from './BillingOverviewPage';
import { BillingNav } from './BillingNav';

const SERIES: readonly ChartSeries[] = [
  { key: 'counted', label: 'Billable calls', color: '#3b5bdb' },
  { key: 'reported', label: 'Reported to Stripe', color: '#2b8a3e' },
];

const COLUMNS: CsvColumn<BillableUsage>[] = [
  { header: 'subscription_id', value: (u) => u.subscription_id },
  { header: 'application', value: (u) => u.application_name },
  { header: 'api', value: (u) => u.api_name },
  { header: 'plan', value: (u) => u.plan_name },
  { header: 'metered', value: (u) => u.metered },
  { header: 'period_start', value: (u) => u.period_start },
  { header: 'period_end', value: (u) => u.period_end },
  { header: 'counted', value: (u) => u.counted },
  { header: 'reported', value: (u) => (u.metered ? u.reported : null) },
  { header: 'unreported', value: (u) => (u.metered ? u.unreported : null) },
];

/** UsageTotals sums the metered subscriptions: what was counted, what Stripe has, and what it does not have yet. */
function UsageTotals({ rows }: { rows: BillableUsage[] }) {
  const metered = rows.filter((u) => u.metered);
  const sum = (f: (u: BillableUsage) => number) => metered.reduce((n, u) => n + f(u), 0);
  const stats = [
    { label: 'Billable calls (metered)', value: formatNumber(sum((u) => u.counted)) },
    { label: 'Reported to Stripe', value: formatNumber(sum((u) => u.reported)) },
    { label: 'Not reported yet', value: formatNumber(sum((u) => u.unreported)) },
  ];
  return (
    <ul className="stats" aria-label="Metered usage this period">
      {stats.map((s) => (
        <li key={s.label} className="stat card">
          <span className="stat-label">{s.label}</span>
          <span className="stat-value">{s.value}</span>
        </li>
      ))}
    </ul>
  );
}

/** UsageTable lists each paid subscription's billable calls this period against what was reported to Stripe. */
function UsageTable({ rows }: { rows: BillableUsage[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">Billable usage per subscription this period</caption>
        <thead>
          <tr>
            <th scope="col">Subscription</th>
            <th scope="col">Plan</th>
            <th scope="col">Period</th>
            <th scope="col" className="num">Billable calls</th>
            <th scope="col" className="num">Reported to Stripe</th>
            <th scope="col" className="num">Not reported</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((u) => (
            <tr key={u.subscription_id}>
              <th scope="row">
                {u.application_name} → {u.api_name}
              </th>
              <td>
                {u.plan_name} {u.metered ? <Badge tone="blue">Metered</Badge> : <Badge>Flat</Badge>}
              </td>
              <td className="nowrap">{formatPeriod(u.period_start, u.period_end)}</td>
              <td className="num">{formatNumber(u.counted)}</td>
              <td className="num">{u.metered ? formatNumber(u.reported) : <span className="muted">Flat price</span>}</td>
              <td className="num">
                {!u.metered ? (
                  <span className="muted">—</span>
                ) : u.unreported > 0 ? (
                  <Badge tone="amber">{formatNumber(u.unreported)}</Badge>
                ) : (
                  '0'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * BillingUsagePage shows the billing team each paid subscription's billable calls this period against what was
 * reported to Stripe, as a chart and a table, with the numbers as CSV.
 */
export function BillingUsagePage() {
  const { tenant, canBill } = useTenant();
  const usage = useBillingUsage(tenant.slug, canBill);
  if (!canBill) return <ForbiddenState what="billing" because={BILLING_FORBIDDEN} />;
  const rows = usage.data ?? [];
  return (
    <>
      <PageHeader title="Usage" docTitle="Billable usage"
        description="Billable calls of each paid subscription this period, and how many of them were reported to Stripe." />
      <BillingNav />
      {usage.isSuccess && rows.length > 0 && <UsageTotals rows={rows} />}
      <ChartCard title="Billable usage this period" query={usage} empty={rows.length === 0}
        emptyTitle="No paid subscriptions" emptyText="Live subscriptions to paid plans are listed here with their usage this period."
        description="Metered plans bill the calls reported to Stripe; each hour’s calls are reported once the hour is over. Flat plans bill a price, not calls."
        csv={() => ({ csv: toCsv(COLUMNS, rows), filename: csvFilename(`billable usage ${new Date().toISOString().slice(0, 10)}`) })}
        lead={<UsageTable rows={rows} />}>
        <CategoryChart data={rows.map((u) => ({ ...u, label: `${u.application_name} → ${u.api_name}` }))} series={SERIES} />
      </ChartCard>
    </>
  );
}
