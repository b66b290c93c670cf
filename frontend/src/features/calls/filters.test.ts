import { describe, expect, it } from 'vitest';
import {
  callQuery,
  checkRange,
  EMPTY_FILTERS,
  filtersFromParams,
  filtersToParams,
  isFiltered,
  type CallFilters,
} from './filters';

// The page's "now"; preset ranges end a minute later, in case the browser's clock is behind the gateway's.
const now = new Date('2026-11-22T11:59:00.000Z');
const qs = (query: Record<string, string>) => new URLSearchParams(query).toString();

describe('call log filters', () => {
  it('send the last 24 hours by default, with both ends of the range', () => {
    expect(qs(callQuery(EMPTY_FILTERS, now))).toBe(
      'from=2026-11-21T12%3A00%3A00.000Z&to=2026-11-22T12%3A00%3A00.000Z&limit=50',
    );
  });

  it('turn every filter into its query parameter', () => {
    const f: CallFilters = { ...EMPTY_FILTERS, status: '4xx', code: 'api_key_revoked', keyPrefix: 'tg_live_AbCd', q: '/acme/weather/', range: '1h' };
    const query = callQuery(f, now);
    expect(query).toEqual({
      from: '2026-11-22T11:00:00.000Z',
      to: '2026-11-22T12:00:00.000Z',
      status: '4xx',
      code: 'api_key_revoked',
      key_prefix: 'tg_live_AbCd',
      q: '/acme/weather/',
      limit: '50',
    });
    expect(qs(query)).toBe(
      'from=2026-11-22T11%3A00%3A00.000Z&to=2026-11-22T12%3A00%3A00.000Z&status=4xx&code=api_key_revoked' +
        '&key_prefix=tg_live_AbCd&q=%2Facme%2Fweather%2F&limit=50',
    );
  });

  it('span exactly 7 and 31 days for those presets, never more than the server allows', () => {
    const week = callQuery({ ...EMPTY_FILTERS, range: '7d' }, now);
    expect(week.from).toBe('2026-11-15T12:00:00.000Z');
    const month = callQuery({ ...EMPTY_FILTERS, range: '31d' }, now);
    expect(Date.parse(month.to) - Date.parse(month.from)).toBe(31 * 24 * 3600 * 1000);
  });

  it('send a custom range as it is', () => {
    const f = { ...EMPTY_FILTERS, range: 'custom' as const, from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' };
    expect(callQuery(f, now)).toMatchObject({ from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' });
  });

  it('page back with the cursor: the range and the filters stay', () => {
    const f = { ...EMPTY_FILTERS, status: '4xx' };
    const first = callQuery(f, now);
    expect(first.cursor).toBeUndefined();
    const older = callQuery(f, now, 'MTc2Mzc5OTgwMDAwMDAwMDpyZXEtMQ');
    expect(older).toEqual({ ...first, cursor: 'MTc2Mzc5OTgwMDAwMDAwMDpyZXEtMQ' });
  });

  it('round-trip through the URL, leaving defaults and other parameters alone', () => {
    const f: CallFilters = { ...EMPTY_FILTERS, status: '402', code: 'quota_exhausted', range: '7d' };
    const params = filtersToParams(f, new URLSearchParams('call=req-1&at=2026-11-22T10%3A00%3A00Z'));
    expect(params.toString()).toBe('call=req-1&at=2026-11-22T10%3A00%3A00Z&status=402&code=quota_exhausted&range=7d');
    expect(filtersFromParams(params)).toEqual(f);
    expect(filtersToParams(EMPTY_FILTERS).toString()).toBe('');
  });

  it('ignore what the server would refuse in the URL', () => {
    const f = filtersFromParams(new URLSearchParams('status=4XX&range=2y&from=yesterday&to=2026-11-22T00:00:00Z'));
    expect(f.status).toBe('4xx');
    expect(f.range).toBe('24h');
    expect(filtersFromParams(new URLSearchParams('status=600')).status).toBe('');
    expect(isFiltered(filtersFromParams(new URLSearchParams('range=1h')))).toBe(false);
    expect(isFiltered(filtersFromParams(new URLSearchParams('q=forecast')))).toBe(true);
  });

  it('check custom ranges as the server does', () => {
    expect(checkRange('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', now)).toEqual({});
    expect(checkRange(undefined, '2026-11-02T00:00:00Z', now).from).toBe('Enter when the range starts.');
    expect(checkRange('2026-11-02T00:00:00Z', '2026-11-01T00:00:00Z', now).to).toBe('The end must be after the start.');
    expect(checkRange('2026-10-01T00:00:00Z', '2026-11-02T00:00:00Z', now).to).toBe('A range may span at most 31 days.');
    expect(checkRange('2026-11-23T00:00:00Z', '2026-11-24T00:00:00Z', now).from).toBe('The start must not be in the future.');
  });
});
