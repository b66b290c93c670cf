import { ErrorState, LoadingState } from '../../../components/States';
import { formatBytes, formatNumber } from '../../../lib/format';
import type { AnalyticsSummary } from '../../../lib/types';

const percent = (rate: number) => `${(rate * 100).toFixed(rate > 0 && rate < 0.001 ? 2 : 1)}%`;
const ms = (n: number) => `${n < 10 ? n.toFixed(1) : formatNumber(Math.round(n))} ms`;

/** SummaryStats sums up the range: calls, error rate, refusals, latency, billable calls and data moved. */
export function SummaryStats({
  query,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data?: AnalyticsSummary; refetch: () => unknown };
}) {
  if (query.isPending) return <LoadingState label="Loading the totals…" />;
  if (query.isError || !query.data) {
    return <ErrorState error={query.error} title="The totals cannot be loaded" onRetry={() => query.refetch()} />;
  }
  const t = query.data.totals;
  const stats: { label: string; value: string; note?: string }[] = [
    { label: 'Calls', value: formatNumber(t.calls) },
    { label: 'Error rate', value: t.calls ? percent(t.error_rate) : '—', note: `${formatNumber(t.errors)} failed (5xx)` },
    { label: 'Refused', value: formatNumber(t.refusals), note: 'by the gateway' },
    { label: 'Latency p95', value: t.calls ? ms(t.p95_ms) : '—', note: t.calls ? `p50 ${ms(t.p50_ms)} · p99 ${ms(t.p99_ms)}` : undefined },
    { label: 'Billable calls', value: formatNumber(t.billable) },
    { label: 'Data', value: formatBytes(t.bytes_in + t.bytes_out), note: `${formatBytes(t.bytes_in)} in · ${formatBytes(t.bytes_out)} out` },
  ];
  return (
    <ul className="stats stats-compact" aria-label="Totals">
      {stats.map((s) => (
        <li key={s.label} className="stat card">
          <span className="stat-label">{s.label}</span>
          <span className="stat-value">{s.value}</span>
          {s.note && <span className="muted small">{s.note}</span>}
        </li>
      ))}
    </ul>
  );
}
