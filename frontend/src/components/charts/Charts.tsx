import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../lib/format';
import { bucketLabel, spansDays } from '../../lib/series';
import type { Grain } from '../../lib/types';

/** ChartSeries is one drawn value: the field it reads, its name in the legend and its colour. */
export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

/** Colours of the status classes, from the portal's palette: success green, client errors amber, server errors red. */
export const STATUS_SERIES: readonly ChartSeries[] = [
  { key: 'status_2xx', label: '2xx', color: '#2b8a3e' },
  { key: 'status_3xx', label: '3xx', color: '#1c7ed6' },
  { key: 'status_4xx', label: '4xx', color: '#e67700' },
  { key: 'status_5xx', label: '5xx', color: '#c92a2a' },
  { key: 'status_1xx', label: '1xx', color: '#868e96' },
];

const AXIS = { fontSize: 12, fill: '#5c636a' };
const HEIGHT = 260;

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

/** formatCompact shortens axis numbers: 1,200 → "1.2K". */
export const formatCompact = (n: number) => compact.format(n);

/** valueAt reads a drawn value; null or missing means the bucket had none. */
function valueAt(data: readonly object[], index: number, field: string): unknown {
  return (data[index] as Record<string, unknown> | undefined)?.[field] ?? null;
}

/**
 * IsolatedDot marks a value whose neighbours have none: a line needs two points, so a lone busy bucket would
 * otherwise not show at all.
 */
function IsolatedDot({ index, cx, cy, data, field, color }: { index: number; cx?: number; cy?: number; data: readonly object[]; field: string; color: string }) {
  const lone = valueAt(data, index, field) !== null && valueAt(data, index - 1, field) === null && valueAt(data, index + 1, field) === null;
  if (!lone || cx === undefined || cy === undefined) return <g />;
  return <circle cx={cx} cy={cy} r={3} fill={color} />;
}

/**
 * TimeChart draws a time series: stacked bars (calls by status class) or lines (rates, latencies). Buckets with no
 * value (null) leave a gap in a line rather than a drop to zero. The chart is a picture: the card around it carries
 * the same data as a table for assistive technology.
 */
export function TimeChart<T extends { bucket: string }>({
  data,
  grain,
  from,
  to,
  series,
  kind,
  format = formatNumber,
  axisFormat = formatCompact,
}: {
  data: T[];
  grain: Grain;
  from: string;
  to: string;
  series: readonly ChartSeries[];
  kind: 'stacked-bar' | 'line';
  /** How values read in the tooltip ("12 ms", "3.5%"). */
  format?: (n: number) => string;
  /** How values read on the axis. */
  axisFormat?: (n: number) => string;
}) {
  const short = grain === 'hour' && !spansDays(from, to);
  const tick = (v: string) => bucketLabel(v, grain, short);
  const common = {
    data,
    responsive: true,
    // The card carries the numbers as a table; the picture stays out of the tab order and the accessibility tree.
    accessibilityLayer: false,
    style: { width: '100%', height: HEIGHT },
    margin: { top: 8, right: 12, bottom: 0, left: 0 },
  };
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#dee2e6" />
      <XAxis dataKey="bucket" tickFormatter={tick} tick={AXIS} minTickGap={24} />
      <YAxis tickFormatter={axisFormat} tick={AXIS} width={48} allowDecimals={false} />
      <Tooltip labelFormatter={(v) => bucketLabel(String(v), grain)}
        formatter={(v) => (typeof v === 'number' ? format(v) : '—')} />
      <Legend />
    </>
  );
  if (kind === 'line') {
    return (
      <LineChart {...common}>
        {axes}
        {series.map((s) => (
          <Line key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={2}
            dot={(p: { index: number; cx?: number; cy?: number }) => <IsolatedDot key={p.index} {...p} data={data} field={s.key} color={s.color} />}
            connectNulls={false} isAnimationActive={false} />
        ))}
      </LineChart>
    );
  }
  return (
    <BarChart {...common}>
      {axes}
      {series.map((s) => (
        <Bar key={s.key} dataKey={s.key} name={s.label} stackId="all" fill={s.color} isAnimationActive={false} />
      ))}
    </BarChart>
  );
}

/**
 * CategoryChart draws one bar per category (an application, an API, a plan) for each series, side by side, names on
 * the left.
 */
export function CategoryChart<T extends { label: string }>({ data, series }: { data: T[]; series: readonly ChartSeries[] }) {
  const height = Math.max(120, 40 + data.length * (18 * series.length + 14));
  return (
    <BarChart data={data} layout="vertical" responsive accessibilityLayer={false} style={{ width: '100%', height }}
      margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
      <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#dee2e6" />
      <XAxis type="number" tickFormatter={formatCompact} tick={AXIS} allowDecimals={false} />
      <YAxis type="category" dataKey="label" tick={AXIS} width={140}
        tickFormatter={(v: string) => (v.length > 22 ? `${v.slice(0, 21)}…` : v)} />
      <Tooltip formatter={(v) => (typeof v === 'number' ? formatNumber(v) : '—')} />
      <Legend />
      {series.map((s) => (
        <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
      ))}
    </BarChart>
  );
}
