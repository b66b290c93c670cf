import { describe, expect, it } from 'vitest';
import {
  checkRange,
  DEFAULT_TIME_RANGE,
  expectedGrain,
  rangeBounds,
  rangeFromParams,
  rangePhrase,
  rangeToParams,
  requestGrain,
  type TimeRange,
} from './timeRange';

const now = new Date('2026-11-22T12:00:00.000Z');
const params = (qs: string) => new URLSearchParams(qs);

describe('time range in the URL', () => {
  it('reads a preset, and falls back to the last 24 hours', () => {
    expect(rangeFromParams(params('range=1h'))).toEqual({ range: '1h', from: '', to: '' });
    expect(rangeFromParams(params('range=90d'))).toEqual({ range: '90d', from: '', to: '' });
    expect(rangeFromParams(params(''))).toEqual(DEFAULT_TIME_RANGE);
    expect(rangeFromParams(params('range=1y'))).toEqual(DEFAULT_TIME_RANGE);
  });

  it('reads a custom range when both ends are times, whatever the preset says', () => {
    expect(rangeFromParams(params('range=7d&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z'))).toEqual({
      range: 'custom',
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-02T00:00:00Z',
    });
    expect(rangeFromParams(params('from=2026-11-01T00:00:00Z&to=yesterday'))).toEqual(DEFAULT_TIME_RANGE);
    expect(rangeFromParams(params('from=2026-11-01T00:00:00Z'))).toEqual(DEFAULT_TIME_RANGE);
  });

  it('writes the range back, leaving the default out and other parameters alone', () => {
    const base = params('tab=usage&api_id=a1');
    expect(rangeToParams({ range: '7d', from: '', to: '' }, base).toString()).toBe('tab=usage&api_id=a1&range=7d');
    expect(rangeToParams(DEFAULT_TIME_RANGE, params('range=7d&tab=usage')).toString()).toBe('tab=usage');
    const custom: TimeRange = { range: 'custom', from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' };
    const written = rangeToParams(custom, params('range=1h'));
    expect(written.get('range')).toBeNull();
    expect(rangeFromParams(written)).toEqual(custom);
  });

  it('makes a preset end now, and a custom range what it says', () => {
    expect(rangeBounds({ range: '1h', from: '', to: '' }, now)).toEqual({
      from: '2026-11-22T11:00:00.000Z',
      to: '2026-11-22T12:00:00.000Z',
    });
    expect(rangeBounds({ range: '30d', from: '', to: '' }, now).from).toBe('2026-10-23T12:00:00.000Z');
    expect(rangeBounds({ range: 'custom', from: 'a', to: 'b' }, now)).toEqual({ from: 'a', to: 'b' });
  });

  it('says the range in words', () => {
    expect(rangePhrase({ range: '24h', from: '', to: '' }, (s) => s)).toBe('the last 24 hours');
    expect(rangePhrase({ range: 'custom', from: 'A', to: 'B' }, (s) => `<${s}>`)).toBe('between <A> and <B>');
  });
});

describe('checkRange', () => {
  it('needs both ends', () => {
    expect(checkRange(undefined, undefined, now)).toEqual({ from: 'Enter when the range starts.', to: 'Enter when the range ends.' });
    expect(checkRange('2026-11-22T10:00:00Z', undefined, now)).toEqual({ to: 'Enter when the range ends.' });
  });

  it('refuses reversed, future and too long ranges as the server does', () => {
    expect(checkRange('2026-11-22T11:00:00Z', '2026-11-22T10:00:00Z', now).to).toBe('The end must be after the start.');
    expect(checkRange('2026-11-22T11:00:00Z', '2026-11-22T11:00:00Z', now).to).toBe('The end must be after the start.');
    expect(checkRange('2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z', now).from).toBe('The start must not be in the future.');
    expect(checkRange('2026-11-22T11:00:00Z', '2026-11-22T13:00:00Z', now).to).toBe('The end must not be in the future.');
    expect(checkRange('2024-11-01T00:00:00Z', '2026-11-22T00:00:00Z', now).to).toMatch(/at most 732 days/);
  });

  it('accepts a range that ends now, or up to a minute later (clocks differ)', () => {
    expect(checkRange('2026-11-22T11:00:00Z', '2026-11-22T12:00:30Z', now)).toEqual({});
    expect(checkRange('2025-11-22T12:00:00Z', '2026-11-22T12:00:00Z', now)).toEqual({});
  });
});

describe('grains', () => {
  it('expects the grain the server picks: minutes up to 6 hours, hours up to 14 days, else days', () => {
    expect(expectedGrain('2026-11-22T06:00:00Z', '2026-11-22T12:00:00Z')).toBe('minute');
    expect(expectedGrain('2026-11-22T05:59:00Z', '2026-11-22T12:00:00Z')).toBe('hour');
    expect(expectedGrain('2026-11-08T12:00:00Z', '2026-11-22T12:00:00Z')).toBe('hour');
    expect(expectedGrain('2026-11-01T00:00:00Z', '2026-11-22T12:00:00Z')).toBe('day');
  });

  it('asks for days only beyond 90 days, where the server needs to be told', () => {
    expect(requestGrain('2026-08-24T12:00:00Z', '2026-11-22T12:00:00Z')).toBeUndefined();
    expect(requestGrain('2026-08-01T00:00:00Z', '2026-11-22T12:00:00Z')).toBe('day');
  });
});
