import type { ReactNode } from 'react';
import { csvFilename, toCsv, type CsvColumn } from '../../lib/csv';
import { formatNumber } from '../../lib/format';
import { bucketLabel, fillBuckets, hasCalls, latencyPoints, ratePoints, type LatencyPoint, type RatePoint } from '../../lib/series';
import { grainPhrase } from '../../lib/timeRange';
import type { SeriesPoint, Timeseries } from '../../lib/types';
import { ChartCard, type QueryLike } from './ChartCard';
import { STATUS_SERIES, TimeChart, type ChartSeries } from './Charts';

/** TrafficChartProps is what every chart of traffic over time needs: the series query and what it is about. */
export interface TrafficChartProps {
  query: QueryLike & { data?: Timeseries };
  /** Names the CSV file: "Mobile App" → "mobile-app-calls-….csv". */
  subject?: string;
  emptyText?: ReactNode;
}

const formatMs = (n: number) => `${n < 10 ? n.toFixed(1) : formatNumber(Math.round(n))} ms`;
const formatPercent = (n: number) => `${n.toFixed(1)}%`;

/** filled is the query's series with every bucket of its range present. */
function filled(data: Timeseries | undefined): SeriesPoint[] {
  return data ? fillBuckets(data.points ?? [], data.from, data.to, data.grain) : [];
}

function filename(subject: string | undefined, what: string, data: Timeseries) {
  return csvFilename(subject ? `${subject} ${what}` : what, data.from, data.to);
}

/** SeriesTable is a chart's numbers as a table, one row per bucket with calls (quiet buckets would only be zeros). */
function SeriesTable<T extends { bucket: string; calls: number }>({
  caption,
  rows,
  grain,
  columns,
}: {
  caption: string;
  rows: T[];
  grain: string;
  columns: { header: string; value: (row: T) => string }[];
}) {
  return (
    <table className="table table-compact">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          {columns.map((c) => (
            <th key={c.header} scope="col" className="num">
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows
          .filter((r) => r.calls > 0)
          .map((r) => (
            <tr key={r.bucket}>
              <th scope="row" className="nowrap">
                {bucketLabel(r.bucket, grain)}
              </th>
              {columns.map((c) => (
                <td key={c.header} className="num">
                  {c.value(r)}
                </td>
              ))}
            </tr>
          ))}
      </tbody>
    </table>
  );
}

const CALL_COLUMNS: CsvColumn<SeriesPoint>[] = [
  { header: 'bucket', value: (p) => p.bucket },
  { header: 'calls', value: (p) => p.calls },
  ...['1xx', '2xx', '3xx', '4xx', '5xx'].map((c) => ({
    header: `status_${c}`,
    value: (p: SeriesPoint) => p[`status_${c}` as keyof SeriesPoint] as number,
  })),
];

/** CallsOverTime stacks each bucket's calls by status class. */
export function CallsOverTime({ query, subject, emptyText }: TrafficChartProps) {
  const data = query.data;
  const points = filled(data);
  return (
    <ChartCard title="Calls over time" query={query} empty={!hasCalls(points)} emptyText={emptyText}
      description={data ? `Calls ${grainPhrase(data.grain)}, by status class.` : undefined}
      csv={data ? () => ({ csv: toCsv(CALL_COLUMNS, points), filename: filename(subject, 'calls over time', data) }) : undefined}
      table={data && (
        <SeriesTable caption="Calls over time, by status class" rows={points} grain={data.grain}
          columns={[
            { header: 'Calls', value: (p) => formatNumber(p.calls) },
            ...STATUS_SERIES.map((s) => ({ header: s.label, value: (p: SeriesPoint) => formatNumber(p[s.key as keyof SeriesPoint] as number) })),
          ]} />
      )}>
      {data && <TimeChart data={points} grain={data.grain} from={data.from} to={data.to} series={STATUS_SERIES} kind="stacked-bar" />}
    </ChartCard>
  );
}

const RATE_SERIES: readonly ChartSeries[] = [
  { key: 'error_rate', label: 'Errors (5xx)', color: '#c92a2a' },
  { key: 'refusal_rate', label: 'Refused by the gateway', color: '#e67700' },
];

const RATE_COLUMNS: CsvColumn<RatePoint>[] = [
  { header: 'bucket', value: (p) => p.bucket },
  { header: 'calls', value: (p) => p.calls },
  { header: 'errors', value: (p) => p.errors },
  { header: 'error_rate_percent', value: (p) => p.error_rate },
  { header: 'refusals', value: (p) => p.refusals },
  { header: 'refusal_rate_percent', value: (p) => p.refusal_rate },
];

const rate = (v: number | null) => (v === null ? '—' : formatPercent(v));

/** ErrorRateOverTime draws the share of each bucket's calls that failed (5xx) and that the gateway refused. */
export function ErrorRateOverTime({ query, subject, emptyText }: TrafficChartProps) {
  const data = query.data;
  const points = ratePoints(filled(data));
  return (
    <ChartCard title="Error rate over time" query={query} empty={!hasCalls(points)} emptyText={emptyText}
      description="Share of calls that failed upstream (5xx), and of calls the gateway refused."
      csv={data ? () => ({ csv: toCsv(RATE_COLUMNS, points), filename: filename(subject, 'error rate', data) }) : undefined}
      table={data && (
        <SeriesTable caption="Error rate over time" rows={points} grain={data.grain}
          columns={[
            { header: 'Calls', value: (p) => formatNumber(p.calls) },
            { header: 'Errors', value: (p) => formatNumber(p.errors) },
            { header: 'Error rate', value: (p) => rate(p.error_rate) },
            { header: 'Refused', value: (p) => formatNumber(p.refusals) },
            { header: 'Refusal rate', value: (p) => rate(p.refusal_rate) },
          ]} />
      )}>
      {data && (
        <TimeChart data={points} grain={data.grain} from={data.from} to={data.to} series={RATE_SERIES} kind="line"
          format={formatPercent} axisFormat={(n) => `${n}%`} />
      )}
    </ChartCard>
  );
}

const LATENCY_SERIES: readonly ChartSeries[] = [
  { key: 'p50_ms', label: 'p50', color: '#3b5bdb' },
  { key: 'p95_ms', label: 'p95', color: '#e67700' },
  { key: 'p99_ms', label: 'p99', color: '#c92a2a' },
];

const LATENCY_COLUMNS: CsvColumn<LatencyPoint>[] = [
  { header: 'bucket', value: (p) => p.bucket },
  { header: 'calls', value: (p) => p.calls },
  { header: 'p50_ms', value: (p) => p.p50_ms },
  { header: 'p95_ms', value: (p) => p.p95_ms },
  { header: 'p99_ms', value: (p) => p.p99_ms },
];

const ms = (v: number | null) => (v === null ? '—' : formatMs(v));

/** LatencyOverTime draws the latency percentiles of each bucket, as the gateway measured them. */
export function LatencyOverTime({ query, subject, emptyText }: TrafficChartProps) {
  const data = query.data;
  const points = latencyPoints(filled(data));
  return (
    <ChartCard title="Latency over time" query={query} empty={!hasCalls(points)} emptyText={emptyText}
      description="Percentiles of the time the gateway took to answer, upstream included."
      csv={data ? () => ({ csv: toCsv(LATENCY_COLUMNS, points), filename: filename(subject, 'latency', data) }) : undefined}
      table={data && (
        <SeriesTable caption="Latency percentiles over time" rows={points} grain={data.grain}
          columns={[
            { header: 'Calls', value: (p) => formatNumber(p.calls) },
            { header: 'p50', value: (p) => ms(p.p50_ms) },
            { header: 'p95', value: (p) => ms(p.p95_ms) },
            { header: 'p99', value: (p) => ms(p.p99_ms) },
          ]} />
      )}>
      {data && (
        <TimeChart data={points} grain={data.grain} from={data.from} to={data.to} series={LATENCY_SERIES} kind="line"
          format={formatMs} axisFormat={(n) => `${formatNumber(n)}`} />
      )}
    </ChartCard>
  );
}
