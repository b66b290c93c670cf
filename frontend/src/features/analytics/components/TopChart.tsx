import { ChartCard, type QueryLike } from '../../../components/charts/ChartCard';
import { CategoryChart, type ChartSeries } from '../../../components/charts/Charts';
import { csvFilename, toCsv, type CsvColumn } from '../../../lib/csv';
import { formatNumber } from '../../../lib/format';
import type { Ranked } from '../../../lib/types';
import { sharePercent } from '../breakdowns';

const SERIES: readonly ChartSeries[] = [
  { key: 'calls', label: 'Calls', color: '#3b5bdb' },
  { key: 'errors', label: 'Errors (5xx)', color: '#c92a2a' },
];

const share = (r: Ranked) => {
  const p = sharePercent(r.errors, r.calls);
  return p === null ? '—' : `${p}%`;
};

/**
 * TopChart ranks the applications or APIs with the most calls in the range, with their errors. what names them in
 * the singular ("application", "API").
 */
export function TopChart({
  title,
  what,
  query,
  items,
  range,
}: {
  title: string;
  what: string;
  query: QueryLike;
  items: Ranked[] | undefined;
  range: { from: string; to: string };
}) {
  const rows = items ?? [];
  const columns: CsvColumn<Ranked>[] = [
    { header: `${what.toLowerCase()}_id`, value: (r) => r.id },
    { header: what.toLowerCase(), value: (r) => r.name },
    { header: 'calls', value: (r) => r.calls },
    { header: 'errors', value: (r) => r.errors },
  ];
  return (
    <ChartCard title={title} query={query} empty={rows.length === 0 || rows.every((r) => r.calls === 0)}
      csv={() => ({ csv: toCsv(columns, rows), filename: csvFilename(title, range.from, range.to) })}
      table={
        <table className="table table-compact">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{what}</th>
              <th scope="col" className="num">Calls</th>
              <th scope="col" className="num">Errors</th>
              <th scope="col" className="num">Error rate</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.name}</th>
                <td className="num">{formatNumber(r.calls)}</td>
                <td className="num">{formatNumber(r.errors)}</td>
                <td className="num">{share(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }>
      <CategoryChart data={rows.map((r) => ({ ...r, label: r.name }))} series={SERIES} />
    </ChartCard>
  );
}
