import { describe, expect, it } from 'vitest';
import { emptyPoint, fillBuckets, hasCalls, latencyPoints, ratePercent, ratePoints } from './series';
import type { SeriesPoint } from './types';

const point = (bucket: string, over: Partial<SeriesPoint> = {}): SeriesPoint => ({ ...emptyPoint(bucket), ...over });

describe('fillBuckets', () => {
  it('puts an empty point in every bucket the server left out, oldest first', () => {
    const filled = fillBuckets(
      [point('2026-11-22T10:02:00Z', { calls: 3 }), point('2026-11-22T10:00:00Z', { calls: 1 })],
      '2026-11-22T10:00:30Z',
      '2026-11-22T10:04:00Z',
      'minute',
    );
    expect(filled.map((p) => [p.bucket, p.calls])).toEqual([
      ['2026-11-22T10:00:00Z', 1],
      ['2026-11-22T10:01:00.000Z', 0],
      ['2026-11-22T10:02:00Z', 3],
      ['2026-11-22T10:03:00.000Z', 0],
    ]);
  });

  it('keeps a complete series as it is, and points off the grid too', () => {
    const complete = [point('2026-11-22T00:00:00Z'), point('2026-11-23T00:00:00Z', { calls: 2 })];
    expect(fillBuckets(complete, '2026-11-22T00:00:00Z', '2026-11-24T00:00:00Z', 'day')).toEqual(complete);
    const odd = fillBuckets([point('2026-11-22T10:30:00Z', { calls: 5 })], '2026-11-22T10:00:00Z', '2026-11-22T12:00:00Z', 'hour');
    expect(odd.map((p) => p.calls)).toEqual([0, 5, 0]);
  });

  it('gives up filling absurdly long series', () => {
    const pts = [point('2026-11-22T10:00:00Z')];
    expect(fillBuckets(pts, '2020-01-01T00:00:00Z', '2026-11-22T12:00:00Z', 'minute')).toEqual(pts);
  });
});

describe('rates and latencies', () => {
  it('computes rates in percent, none without calls', () => {
    expect(ratePercent(1, 3)).toBe(33.3);
    expect(ratePercent(0, 0)).toBeNull();
    const [busy, quiet] = ratePoints([point('a', { calls: 200, errors: 3, refusals: 50 }), point('b')]);
    expect(busy).toMatchObject({ error_rate: 1.5, refusal_rate: 25 });
    expect(quiet).toMatchObject({ error_rate: null, refusal_rate: null });
  });

  it('leaves gaps in latency where there were no calls', () => {
    const [busy, quiet] = latencyPoints([point('a', { calls: 2, p50_ms: 12, p95_ms: 40, p99_ms: 90 }), point('b')]);
    expect(busy).toMatchObject({ p50_ms: 12, p95_ms: 40, p99_ms: 90 });
    expect(quiet).toMatchObject({ p50_ms: null, p95_ms: null, p99_ms: null });
  });

  it('knows whether there is anything to draw', () => {
    expect(hasCalls([point('a'), point('b')])).toBe(false);
    expect(hasCalls([point('a', { calls: 1 })])).toBe(true);
    expect(hasCalls(undefined)).toBe(false);
  });
});
