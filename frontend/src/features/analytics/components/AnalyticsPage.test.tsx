import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, problem, stubFetch, type StubRequest } from '../../../test/fetch';
import { list, plan, seriesPoint, summary, timeseries, weather } from '../../../test/data';
import { renderWithProviders } from '../../../test/render';
import { AnalyticsPage } from './AnalyticsPage';

const NOW = new Date('2026-11-22T12:00:00.000Z');

/** series answers with two busy minutes at the start of the requested range. */
function series(req: StubRequest) {
  const from = req.url.searchParams.get('from') ?? '';
  const to = req.url.searchParams.get('to') ?? '';
  const start = Math.floor(Date.parse(from) / 60_000) * 60_000;
  const at = (m: number) => new Date(start + m * 60_000).toISOString();
  return json(200, timeseries(from, to, [
    seriesPoint(at(0), { calls: 20, status_2xx: 18, status_4xx: 2, refusals: 2, p50_ms: 10, p95_ms: 40, p99_ms: 80 }),
    seriesPoint(at(1), { calls: 15, status_2xx: 11, status_4xx: 3, status_5xx: 1, errors: 1, refusals: 3, p50_ms: 12, p95_ms: 50, p99_ms: 90 }),
  ]));
}

const routes = (over: Record<string, (req: StubRequest) => Response> = {}) => ({
  'GET /tenants/acme/analytics/timeseries': series,
  'GET /tenants/acme/analytics/summary': () => json(200, summary()),
  'GET /tenants/acme/apis': () => json(200, list([weather])),
  'GET /tenants/acme/applications': () => json(200, list([{ id: 'app-1', name: 'Mobile App', team_id: 'team-m', team_name: 'Mobile', description: '', created_at: '', updated_at: '' }])),
  'GET /tenants/acme/apis/api-1/plans': () => json(200, list([plan()])),
  ...over,
});

const render = (route = '/t/acme/analytics', role: 'owner' | 'developer' | 'billing' = 'owner', teamIds?: string[]) =>
  renderWithProviders(<AnalyticsPage />, { role, teamIds, route, path: '/t/:tenant/analytics' });

afterEach(() => vi.useRealTimers());

// Every step re-renders a page full of charts: slower than most component tests.
describe('AnalyticsPage', { timeout: 20_000 }, () => {
  it('asks for the range of the URL and shows the totals, the charts and their data', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    const { calls } = stubFetch(routes());
    render('/t/acme/analytics?range=1h');
    const totals = await screen.findByRole('list', { name: 'Totals' });
    expect(within(totals).getByText('Calls').nextSibling).toHaveTextContent('35');
    expect(totals).toHaveTextContent('2.9%');
    expect(totals).toHaveTextContent('48 ms');
    const ask = calls.find((c) => c.path.endsWith('/analytics/timeseries'));
    expect(ask?.url.searchParams.get('from')).toBe('2026-11-22T11:00:00.000Z');
    expect(ask?.url.searchParams.get('to')).toBe('2026-11-22T12:00:00.000Z');
    expect(calls.find((c) => c.path.endsWith('/analytics/summary'))?.url.search).toBe(ask?.url.search);

    const chart = screen.getByRole('region', { name: 'Calls over time' });
    const rows = within(within(chart).getByRole('table', { name: 'Calls over time, by status class' })).getAllByRole('row');
    // The header, then only the two minutes with calls.
    expect(rows).toHaveLength(3);
    expect(rows[2]).toHaveTextContent('15');
    expect(screen.getByRole('region', { name: 'Latency over time' })).toHaveTextContent('50 ms');
    expect(screen.getByRole('region', { name: 'Top applications' })).toHaveTextContent('Mobile App');
    expect(screen.getByRole('region', { name: 'Usage per plan' })).toHaveTextContent('Free');
  });

  it('explains refusals by status and links each code to its page', async () => {
    stubFetch(routes());
    render();
    const card = await screen.findByRole('region', { name: 'Refusals by code' });
    expect(await within(card).findByText('402 Payment required')).toBeInTheDocument();
    const links = within(card).getAllByRole('link', { name: /quota_exhausted/ });
    expect(links[0]).toHaveAttribute('href', '/docs/errors/quota_exhausted');
    expect(within(card).getByRole('link', { name: 'invalid_api_key: what it means' })).toHaveAttribute('href', '/docs/errors/invalid_api_key');
  });

  it('says when there were no calls, chart by chart', async () => {
    stubFetch(routes({
      'GET /tenants/acme/analytics/timeseries': (req) =>
        json(200, timeseries(req.url.searchParams.get('from') ?? '', req.url.searchParams.get('to') ?? '', [])),
      'GET /tenants/acme/analytics/summary': () =>
        json(200, { ...summary(), top_applications: null, top_apis: [], refusals_by_code: null, usage_by_plan: [] }),
    }));
    render();
    expect(await screen.findAllByText('No calls in this range')).toHaveLength(6);
    expect(screen.getByText('No refused calls in this range')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download CSV of calls over time' })).toBeDisabled();
  });

  it('shows an error in each chart and tries again', async () => {
    stubFetch(routes({
      'GET /tenants/acme/analytics/timeseries': () => problem(500, 'internal', 'Internal error', 'boom'),
    }));
    render();
    const card = await screen.findByRole('region', { name: 'Calls over time' });
    expect(await within(card).findByText('Calls over time cannot be loaded')).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    // The summary's charts are fine.
    expect(await screen.findByRole('region', { name: 'Top APIs' })).toHaveTextContent('Weather');
  });

  it('keeps the range and filters in the URL and sends them', async () => {
    const { calls } = stubFetch(routes());
    render();
    await screen.findByRole('list', { name: 'Totals' });
    await userEvent.selectOptions(screen.getByLabelText('Time range'), 'Last 7 days');
    await userEvent.selectOptions(await screen.findByLabelText('API'), 'Weather');
    await userEvent.selectOptions(screen.getByLabelText('Plan'), await screen.findByRole('option', { name: 'Free' }));
    await vi.waitFor(() => {
      const q = calls.at(-1)!.url.searchParams;
      expect(q.get('api_id')).toBe('api-1');
      expect(q.get('plan_id')).toBe('plan-free');
      expect(Date.parse(q.get('to')!) - Date.parse(q.get('from')!)).toBe(7 * 86_400_000);
    });
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await vi.waitFor(() => expect(calls.at(-1)!.url.searchParams.get('api_id')).toBeNull());
  });

  it('checks a custom range before asking, and shows the server’s refusal of one', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    const { calls } = stubFetch(routes({
      'GET /tenants/acme/analytics/timeseries': () =>
        problem(422, 'validation_failed', 'Validation failed', '1 field is invalid', [{ field: 'to', message: 'is in the future' }]),
    }));
    render('/t/acme/analytics?from=2026-11-22T12:00:00Z&to=2026-11-22T10:00:00Z');
    expect(await screen.findByText('This time range cannot be shown')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('The end must be after the start.');
    expect(calls.filter((c) => c.path.includes('/analytics/'))).toHaveLength(0);

    await userEvent.selectOptions(screen.getByLabelText('Time range'), 'Last hour');
    expect(await screen.findByText('to: is in the future')).toBeInTheDocument();
  });

  it('downloads the data behind a chart as CSV', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:csv';
    });
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    stubFetch(routes());
    render('/t/acme/analytics?range=1h');
    const card = await screen.findByRole('region', { name: 'Top applications' });
    await userEvent.click(await within(card).findByRole('button', { name: 'Download CSV of top applications' }));
    expect(click).toHaveBeenCalled();
    // A byte order mark first, for spreadsheets (text() reads past it).
    expect([...new Uint8Array(await blobs[0].arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(blobs[0].type).toBe('text/csv;charset=utf-8');
    expect(await blobs[0].text()).toBe('application_id,application,calls,errors\r\napp-1,Mobile App,30,1\r\n');
    await userEvent.click(within(screen.getByRole('region', { name: 'Calls over time' })).getByRole('button', { name: /Download CSV/ }));
    const calls = (await blobs[1].text()).split('\r\n');
    expect(calls[0]).toBe('bucket,calls,status_1xx,status_2xx,status_3xx,status_4xx,status_5xx');
    // One line per minute of the hour, then the final line break.
    expect(calls).toHaveLength(62);
    click.mockRestore();
  });

  it('is not for developers outside provider teams', () => {
    const { calls } = stubFetch(routes());
    render('/t/acme/analytics', 'developer');
    expect(screen.getByText('No access')).toBeInTheDocument();
    expect(calls.filter((c) => c.path.includes('/analytics/'))).toHaveLength(0);
  });
});
