import { Badge } from '../../../components/Badge';
import { ChartCard, type QueryLike } from '../../../components/charts/ChartCard';
import { CategoryChart, type ChartSeries } from '../../../components/charts/Charts';
import { csvFilename, toCsv, type CsvColumn } from '../../../lib/csv';
import { formatNumber } from '../../../lib/format';
import type { PlanUsage } from '../../../lib/types';

const SERIES: readonly ChartSeries[] = [
  { key: 'calls', label: 'Calls', color: '#3b5bdb' },
  { key: 'billable', label: 'Billable', color: '#2b8a3e' },
];

const COLUMNS: CsvColumn<PlanUsage>[] = [
  { header: 'plan_id', value: (p) => p.plan_id },
  { header: 'api', value: (p) => p.api_name },
  { header: 'plan', value: (p) => p.plan_name },
  { header: 'paid', value: (p) => p.paid },
  { header: 'calls', value: (p) => p.calls },
  { header: 'billable', value: (p) => p.billable },
];

/** PlanUsageChart compares each plan's calls with its billable ones (the calls its plan counts). */
export function PlanUsageChart({ query, plans, range }: { query: QueryLike; plans: PlanUsage[] | undefined; range: { from: string; to: string } }) {
  const rows = plans ?? [];
  return (
    <ChartCard title="Usage per plan" query={query} empty={rows.length === 0 || rows.every((p) => p.calls === 0)}
      description="Calls per plan, and how many of them count against quotas and bills."
      csv={() => ({ csv: toCsv(COLUMNS, rows), filename: csvFilename('usage per plan', range.from, range.to) })}
      table={
        <table className="table table-compact">
          <caption className="sr-only">Usage per plan</caption>
          <thead>
            <tr>
              <th scope="col">API</th>
              <th scope="col">Plan</th>
              <th scope="col" className="num">Calls</th>
              <th scope="col" className="num">Billable</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.plan_id}>
                <td>{p.api_name}</td>
                <th scope="row">
                  {p.plan_name} {p.paid ? <Badge tone="violet">Paid</Badge> : <Badge>Free</Badge>}
                </th>
                <td className="num">{formatNumber(p.calls)}</td>
                <td className="num">{formatNumber(p.billable)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }>
      <CategoryChart data={rows.map((p) => ({ ...p, label: `${p.api_name} · ${p.plan_name}` }))} series={SERIES} />
    </ChartCard>
  );
}
