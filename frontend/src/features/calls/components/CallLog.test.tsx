import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '../../../lib/types';
import { json, problem, stubFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { CallLog } from './CallLog';

const call = (over: Partial<CallRecord> = {}): CallRecord => ({
  time: '2026-11-22T10:00:00.123456Z',
  request_id: 'req-new',
  application_id: 'app-1',
  api_id: 'api-1',
  subscription_id: 'sub-1',
  key_prefix: 'tg_live_AbCd',
  method: 'GET',
  path: '/acme/weather/current',
  status: 200,
  code: 'ok',
  latency_us: 48210,
  upstream_us: 45102,
  bytes_in: 0,
  bytes_out: 512,
  client_ip: '203.0.113.7',
  ...over,
});

const revoked = call({
  time: '2026-11-22T09:00:00.5Z',
  request_id: 'req-revoked',
  subscription_id: null,
  api_id: null,
  status: 401,
  code: 'api_key_revoked',
  latency_us: 310,
  upstream_us: 0,
  bytes_out: 180,
});

const LOG = 'GET /tenants/acme/applications/app-1/calls';
const logCalls = (calls: { path: string; url: URL }[]) =>
  calls.filter((c) => c.path === '/tenants/acme/applications/app-1/calls').map((c) => c.url.searchParams);

function renderLog(route = '/t/acme/applications/app-1/calls') {
  return renderWithProviders(<CallLog scope="application" id="app-1" subject="Mobile App" />, {
    role: 'developer',
    route,
    path: '/t/:tenant/applications/:appId/calls',
  });
}

describe('CallLog', () => {
  it('lists calls with their decision and sends the filters to the server', async () => {
    const { calls } = stubFetch({ [LOG]: () => json(200, { items: [call(), revoked], limit: 50, next_cursor: null }) });
    renderLog();
    const table = await screen.findByRole('table', { name: 'Calls made with the keys of Mobile App' });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('/acme/weather/current');
    expect(rows[1]).toHaveTextContent('48.2 ms');
    expect(rows[2]).toHaveTextContent('api_key_revoked');
    expect(rows[2]).toHaveTextContent('401');
    expect(rows[2]).toHaveTextContent('tg_live_AbCd…');

    const first = logCalls(calls)[0];
    expect(Date.parse(first.get('to')!) - Date.parse(first.get('from')!)).toBe(24 * 3600 * 1000);
    expect(first.get('limit')).toBe('50');
    expect(first.has('status')).toBe(false);

    await userEvent.selectOptions(screen.getByLabelText('Status'), '4xx');
    await userEvent.selectOptions(screen.getByLabelText('Decision'), 'api_key_revoked');
    await userEvent.selectOptions(screen.getByLabelText('Time range'), '1h');
    await userEvent.type(screen.getByLabelText('Key prefix'), 'tg_live_Ab');
    await userEvent.type(screen.getByLabelText('Path contains'), 'weather');
    await vi.waitFor(() => {
      const last = logCalls(calls).at(-1)!;
      expect(last.get('status')).toBe('4xx');
      expect(last.get('code')).toBe('api_key_revoked');
      expect(last.get('key_prefix')).toBe('tg_live_Ab');
      expect(last.get('q')).toBe('weather');
      expect(Date.parse(last.get('to')!) - Date.parse(last.get('from')!)).toBe(3600 * 1000);
    });
  });

  it('reads the filters from the URL, so a link can open a filtered log', async () => {
    const { calls } = stubFetch({ [LOG]: () => json(200, { items: [], limit: 50, next_cursor: null }) });
    renderLog('/t/acme/applications/app-1/calls?q=%2Facme%2Fweather%2F&status=4xx');
    expect(await screen.findByText('No calls match your filters')).toBeInTheDocument();
    expect(screen.getByLabelText('Path contains')).toHaveValue('/acme/weather/');
    expect(screen.getByLabelText('Status')).toHaveValue('4xx');
    expect(logCalls(calls)[0].get('q')).toBe('/acme/weather/');
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByText('No calls in the last 24 hours')).toBeInTheDocument();
    expect(screen.getByLabelText('Path contains')).toHaveValue('');
    expect(logCalls(calls).at(-1)!.has('q')).toBe(false);
  });

  it('pages back in time with next_cursor, and forward again', async () => {
    const { calls } = stubFetch({
      [LOG]: (req) =>
        req.url.searchParams.get('cursor') === 'cursor-2'
          ? json(200, { items: [call({ request_id: 'req-old', path: '/acme/weather/old', time: '2026-11-22T08:00:00Z' })], limit: 50, next_cursor: null })
          : json(200, { items: [call(), revoked], limit: 50, next_cursor: 'cursor-2' }),
    });
    renderLog('/t/acme/applications/app-1/calls?status=4xx');
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(screen.getByRole('button', { name: 'Newer calls' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Older calls' }));
    expect(await screen.findByText('/acme/weather/old')).toBeInTheDocument();
    const [page1, page2] = logCalls(calls);
    expect(page2.get('cursor')).toBe('cursor-2');
    expect(page1.get('cursor')).toBeNull();
    expect(page2.get('from')).toBe(page1.get('from'));
    expect(page2.get('to')).toBe(page1.get('to'));
    expect(page2.get('status')).toBe('4xx');
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    expect(screen.getByText(/Calls 51–51/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Older calls' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Newer calls' }));
    expect(await screen.findByText('Page 1')).toBeInTheDocument();
    expect(screen.getAllByText('/acme/weather/current')).toHaveLength(2);
  });

  it('opens a call with every field and a link to the explanation of its code', async () => {
    const { calls } = stubFetch({
      [LOG]: () => json(200, { items: [revoked], limit: 50, next_cursor: null }),
      'GET /tenants/acme/calls/req-revoked': () => json(200, revoked),
    });
    renderLog();
    await userEvent.click(await screen.findByRole('button', { name: /^Details of the call GET \/acme\/weather\/current/ }));
    const drawer = await screen.findByRole('dialog', { name: 'Call details' });
    expect(await within(drawer).findByText('req-revoked')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/tenants/acme/calls/req-revoked')?.url.searchParams.get('at')).toBe('2026-11-22T09:00:00.5Z');
    for (const label of ['Time', 'Request ID', 'Method', 'Path', 'Status', 'Decision', 'Latency', 'Upstream time', 'Bytes in', 'Bytes out', 'Client IP', 'Key prefix', 'Application', 'API', 'Subscription']) {
      expect(within(drawer).getByText(label, { selector: 'dt' })).toBeInTheDocument();
    }
    expect(within(drawer).getByText('203.0.113.7')).toBeInTheDocument();
    expect(within(drawer).getByText('Not called')).toBeInTheDocument();
    expect(within(drawer).getByText('None: no API is published at this path')).toBeInTheDocument();
    expect(within(drawer).getByRole('link', { name: 'What “api_key_revoked” means and how to fix it' })).toHaveAttribute(
      'href',
      '/docs/errors/api_key_revoked',
    );
    await userEvent.click(within(drawer).getAllByRole('button', { name: 'Close' })[0]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('explains an empty log and a failed one', async () => {
    stubFetch({
      [LOG]: [
        () => json(200, { items: [], limit: 50, next_cursor: null }),
        () => problem(500, 'internal', 'Internal error', 'Something went wrong on our side.'),
      ],
    });
    renderLog();
    expect(await screen.findByText('No calls in the last 24 hours')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Time range'), '7d');
    expect(await screen.findByRole('alert')).toHaveTextContent('The calls cannot be loaded');
  });

  it('checks a custom range before sending it', async () => {
    const { calls } = stubFetch({ [LOG]: () => json(200, { items: [], limit: 50, next_cursor: null }) });
    renderLog();
    await screen.findByText('No calls in the last 24 hours');
    await userEvent.selectOptions(screen.getByLabelText('Time range'), 'custom');
    const form = screen.getByRole('form', { name: 'Custom time range' });
    await userEvent.clear(within(form).getByLabelText('From'));
    await userEvent.type(within(form).getByLabelText('From'), '2026-09-01T00:00');
    await userEvent.clear(within(form).getByLabelText('To'));
    await userEvent.type(within(form).getByLabelText('To'), '2026-11-01T00:00');
    await userEvent.click(within(form).getByRole('button', { name: 'Apply range' }));
    expect(within(form).getByLabelText('To')).toHaveAccessibleDescription('A range may span at most 31 days.');
    const before = logCalls(calls).length;
    await userEvent.clear(within(form).getByLabelText('From'));
    await userEvent.type(within(form).getByLabelText('From'), '2026-10-20T00:00');
    await userEvent.click(within(form).getByRole('button', { name: 'Apply range' }));
    await vi.waitFor(() => expect(logCalls(calls).length).toBe(before + 1));
    const last = logCalls(calls).at(-1)!;
    expect(last.get('from')).toBe(new Date('2026-10-20T00:00').toISOString());
    expect(last.get('to')).toBe(new Date('2026-11-01T00:00').toISOString());
  });
});
