import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { CallRecord, QuotaUsage } from '../../../lib/types';
import { json, stubFetch } from '../../../test/fetch';
import { seriesPoint, timeseries } from '../../../test/data';
import { renderWithProviders } from '../../../test/render';
import { AppUsage } from './AppUsage';

const app = { id: 'app-1', team_id: 'team-m', team_name: 'Mobile', name: 'Mobile App', description: '', created_at: '', updated_at: '' };

const quota = (over: Partial<QuotaUsage> = {}): QuotaUsage => ({
  subscription_id: 'sub-1',
  api_id: 'api-1',
  api_name: 'Weather',
  plan_name: 'Free',
  state: 'active',
  quota: 20,
  used: 17,
  remaining: 3,
  percent: 85,
  period_start: '2026-11-01T00:00:00Z',
  period_end: '2026-12-01T00:00:00Z',
  ...over,
});

const refused = (over: Partial<CallRecord> = {}): CallRecord => ({
  time: '2026-11-22T10:00:00.123Z',
  request_id: 'req-1',
  application_id: 'app-1',
  api_id: 'api-1',
  subscription_id: 'sub-1',
  key_prefix: 'tg_live_AbCd',
  method: 'GET',
  path: '/acme/weather/current',
  status: 402,
  code: 'quota_exhausted',
  latency_us: 300,
  upstream_us: 0,
  bytes_in: 0,
  bytes_out: 200,
  client_ip: '203.0.113.9',
  ...over,
});

function routes(usage: QuotaUsage[], calls: CallRecord[]) {
  return {
    'GET /tenants/acme/applications/app-1/usage': () => json(200, { items: usage }),
    'GET /tenants/acme/analytics/timeseries': (req: { url: URL }) => {
      const from = req.url.searchParams.get('from') ?? '';
      return json(200, timeseries(from, req.url.searchParams.get('to') ?? '', [
        seriesPoint(from, { calls: 4, status_2xx: 3, status_5xx: 1, errors: 1 }),
      ], 'hour'));
    },
    'GET /tenants/acme/applications/app-1/calls': () => json(200, { items: calls, limit: 10, next_cursor: null }),
  };
}

const render = (route = '/t/acme/applications/app-1?tab=usage') =>
  renderWithProviders(<AppUsage app={app} />, { role: 'developer', teamIds: ['team-m'], route, path: '/t/:tenant/applications/:appId' });

// Every step re-renders the charts: slower than most component tests.
describe('AppUsage', { timeout: 20_000 }, () => {
  it('shows each quota as a bar with its thresholds, what is left and when it resets', async () => {
    stubFetch(routes([quota(), quota({ subscription_id: 'sub-2', api_name: 'Maps', plan_name: 'Unlimited', quota: null, remaining: null, percent: null, used: 5 })], []));
    render();
    const bar = await screen.findByRole('progressbar', { name: 'Quota of Weather (Free)' });
    expect(bar).toHaveAttribute('aria-valuenow', '85');
    expect(bar).toHaveAttribute('aria-valuetext', '17 of 20 calls (85%)');
    expect(bar.querySelectorAll('.quota-mark')).toHaveLength(3);
    const item = bar.closest('li')!;
    expect(item).toHaveTextContent('3 calls left · resets on Dec 1, 2026');
    expect(item).toHaveTextContent('Over 80% of the quota is used.');
    // Unlimited plans get no bar.
    expect(screen.getAllByRole('progressbar')).toHaveLength(1);
    expect(screen.getByText('5 calls (unlimited)')).toBeInTheDocument();
  });

  it('charts the application’s calls and errors for the range of the URL', async () => {
    const { calls } = stubFetch(routes([quota()], []));
    render('/t/acme/applications/app-1?tab=usage&range=7d');
    const chart = await screen.findByRole('region', { name: 'Calls over time' });
    expect(await within(chart).findByRole('table')).toHaveTextContent('4');
    const ask = calls.find((c) => c.path.endsWith('/analytics/timeseries'))!.url.searchParams;
    expect(ask.get('application_id')).toBe('app-1');
    expect(Date.parse(ask.get('to')!) - Date.parse(ask.get('from')!)).toBe(7 * 86_400_000);
    expect(screen.getByRole('region', { name: 'Error rate over time' })).toHaveTextContent('25.0%');
    await userEvent.selectOptions(screen.getByLabelText('Time range'), 'Last hour');
    await vi.waitFor(() => {
      const q = calls.filter((c) => c.path.endsWith('/analytics/timeseries')).at(-1)!.url.searchParams;
      expect(Date.parse(q.get('to')!) - Date.parse(q.get('from')!)).toBe(3_600_000);
    });
  });

  it('lists the latest refusals, each linked to the page that explains it', async () => {
    const { calls } = stubFetch(routes([quota({ used: 20, remaining: 0, percent: 100 })], [refused(), refused({ request_id: 'req-2', status: 401, code: 'api_key_revoked' })]));
    render();
    const table = await screen.findByRole('table', { name: 'Latest refused calls of Mobile App' });
    expect(within(table).getByRole('link', { name: 'quota_exhausted: Quota exhausted' })).toHaveAttribute('href', '/docs/errors/quota_exhausted');
    expect(within(table).getByRole('link', { name: 'api_key_revoked: API key revoked' })).toHaveAttribute('href', '/docs/errors/api_key_revoked');
    const ask = calls.find((c) => c.path.endsWith('/calls'))!.url.searchParams;
    expect(ask.get('refused')).toBe('true');
    expect(ask.get('limit')).toBe('10');
    expect(screen.getByText(/The quota is used up/)).toBeInTheDocument();
  });

  it('says when there is nothing to show', async () => {
    stubFetch({
      ...routes([], []),
      'GET /tenants/acme/analytics/timeseries': (req: { url: URL }) =>
        json(200, timeseries(req.url.searchParams.get('from') ?? '', req.url.searchParams.get('to') ?? '', [])),
    });
    render();
    expect(await screen.findByText('No live subscriptions')).toBeInTheDocument();
    expect(await screen.findByText('No refused calls')).toBeInTheDocument();
    expect(await screen.findAllByText('No calls in this range')).toHaveLength(2);
  });
});
