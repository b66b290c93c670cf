// Time series from the analytics endpoints, made ready to draw: every bucket of the range present, rates computed.
import type { Grain, SeriesPoint } from './types';

export const GRAIN_MS: Record<Grain, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** MAX_BUCKETS bounds the buckets filled in; a longer series is drawn as the server sent it. */
const MAX_BUCKETS = 5000;

export const emptyPoint = (bucket: string): SeriesPoint => ({
  bucket,
  calls: 0,
  status_1xx: 0,
  status_2xx: 0,
  status_3xx: 0,
  status_4xx: 0,
  status_5xx: 0,
  errors: 0,
  refusals: 0,
  bytes_in: 0,
  bytes_out: 0,
  billable: 0,
  p50_ms: 0,
  p95_ms: 0,
  p99_ms: 0,
});

/**
 * fillBuckets returns one point per bucket of [from, to) at the grain, oldest first: the server's points where it
 * sent them, empty ones elsewhere (buckets without calls may be left out). Buckets start at whole UTC minutes, hours
 * and days, as the rollups do.
 */
export function fillBuckets(points: readonly SeriesPoint[], from: string, to: string, grain: Grain): SeriesPoint[] {
  const step = GRAIN_MS[grain];
  const start = Math.floor(Date.parse(from) / step) * step;
  const end = Date.parse(to);
  const sorted = [...points].sort((a, b) => Date.parse(a.bucket) - Date.parse(b.bucket));
  if (!step || Number.isNaN(start) || Number.isNaN(end) || (end - start) / step > MAX_BUCKETS) return sorted;
  const byTime = new Map(sorted.map((p) => [Date.parse(p.bucket), p]));
  const out: SeriesPoint[] = [];
  for (let t = start; t < end; t += step) {
    const hit = byTime.get(t);
    out.push(hit ?? emptyPoint(new Date(t).toISOString()));
    byTime.delete(t);
  }
  // Points off the grid (a server that buckets differently) are kept rather than lost.
  if (byTime.size > 0) return [...out, ...byTime.values()].sort((a, b) => Date.parse(a.bucket) - Date.parse(b.bucket));
  return out;
}

/** ratePercent is part / whole in percent with one decimal, or null when there is no whole (no calls). */
export function ratePercent(part: number, whole: number): number | null {
  if (!whole) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** RatePoint is one bucket's error and refusal rates; null where the bucket had no calls. */
export interface RatePoint {
  bucket: string;
  calls: number;
  errors: number;
  refusals: number;
  error_rate: number | null;
  refusal_rate: number | null;
}

export function ratePoints(points: readonly SeriesPoint[]): RatePoint[] {
  return points.map((p) => ({
    bucket: p.bucket,
    calls: p.calls,
    errors: p.errors,
    refusals: p.refusals,
    error_rate: ratePercent(p.errors, p.calls),
    refusal_rate: ratePercent(p.refusals, p.calls),
  }));
}

/** LatencyPoint is one bucket's latency percentiles in milliseconds; null where the bucket had no calls. */
export interface LatencyPoint {
  bucket: string;
  calls: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
}

export function latencyPoints(points: readonly SeriesPoint[]): LatencyPoint[] {
  return points.map((p) => ({
    bucket: p.bucket,
    calls: p.calls,
    p50_ms: p.calls ? p.p50_ms : null,
    p95_ms: p.calls ? p.p95_ms : null,
    p99_ms: p.calls ? p.p99_ms : null,
  }));
}

/** hasCalls reports whether a series has any call at all (else the chart says so rather than drawing zeros). */
export function hasCalls(points: readonly { calls: number }[] | undefined): boolean {
  return !!points?.some((p) => p.calls > 0);
}

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dayTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const dayOnly = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const dayUtc = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

/**
 * bucketLabel says when a bucket starts, as precisely as its grain needs: "10:05" for minutes, "Nov 22, 10:00" for
 * hours, "Nov 22" for days (UTC days, as the rollups count them). With short, hours within one day are "10:00".
 */
export function bucketLabel(bucket: string | number, grain: Grain | string, short = false): string {
  const d = new Date(bucket);
  if (Number.isNaN(d.getTime())) return String(bucket);
  if (grain === 'day') return dayUtc.format(d);
  if (grain === 'minute' || short) return timeOnly.format(d);
  return dayTime.format(d);
}

/** spansDays reports whether a range crosses midnight: hour ticks then need the date too. */
export function spansDays(from: string, to: string): boolean {
  return dayOnly.format(new Date(from)) !== dayOnly.format(new Date(Date.parse(to) - 1));
}
