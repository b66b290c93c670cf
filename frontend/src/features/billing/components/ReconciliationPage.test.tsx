import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ReconciliationRow, ReconciliationRun } from '../../../lib/types';
import { json, stubFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { ReconciliationPage } from './ReconciliationPage';

const row = (over: Partial<ReconciliationRow> = {}): ReconciliationRow => ({
  subscription_id: 'sub-1',
  application_name: 'Mobile App',
  api_name: 'Weather',
  plan_name: 'Pro',
  state: 'past_due',
  grace_ends_at: '2026-11-25T09:00:00Z',
  stripe_subscription_id: 'sub_e2e_1',
  stripe_status: 'active',
  current_period_start: '2026-11-01T00:00:00Z',
  current_period_end: '2026-12-01T00:00:00Z',
  stripe_period_start: '2026-11-01T00:00:00Z',
  stripe_period_end: '2026-12-01T00:00:00Z',
  latest_invoice_status: 'open',
  latest_invoice_amount: 4900,
  latest_invoice_currency: 'usd',
  metered: false,
  usage_counted: 0,
  usage_reported: 0,
  drift: ['state'],
  detail: 'past_due here, active in Stripe.',
  fixed: false,
  ...over,
});

const run = (rows: ReconciliationRow[], over: Partial<ReconciliationRun> = {}): ReconciliationRun => ({
  id: 'run-1',
  trigger: 'manual',
  fix: false,
  started_at: '2026-11-22T10:00:00Z',
  finished_at: '2026-11-22T10:00:02Z',
  checked: 3,
  drifted: rows.filter((r) => r.drift.length > 0).length,
  fixed: 0,
  error: '',
  rows,
  ...over,
});

const render = (route = '/t/acme/billing/reconciliation') =>
  renderWithProviders(<ReconciliationPage />, { role: 'billing', route, path: '/t/:tenant/billing/reconciliation' });

describe('ReconciliationPage', () => {
  it('sends the filters of the URL to the server and keeps changes in the URL', async () => {
    const { calls } = stubFetch({ 'GET /tenants/acme/billing/reconciliation': () => json(200, { run: run([row()]) }) });
    render('/t/acme/billing/reconciliation?drifted=true&state=past_due');
    const table = await screen.findByRole('table', { name: 'Subscriptions compared with Stripe' });
    expect(within(table).getByText('Mobile App → Weather')).toBeInTheDocument();
    expect(calls[0].url.searchParams.toString()).toBe('drifted=true&state=past_due');
    expect(screen.getByLabelText('Drifted only')).toBeChecked();
    await userEvent.selectOptions(screen.getByLabelText('Drift kind'), 'State');
    await vi.waitFor(() => expect(calls.at(-1)?.url.searchParams.toString()).toBe('drifted=true&state=past_due&drift=state'));
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await vi.waitFor(() => expect(calls.at(-1)?.url.search).toBe(''));
  });

  it('checks now and shows the run, its drift and Stripe’s error', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/billing/reconciliation': [
        () => json(200, { run: null }),
        () => json(200, { run: run([row()], { error: 'Stripe could not be asked, nothing was changed: Stripe: rate limited' }) }),
      ],
      'POST /tenants/acme/billing/reconciliation': () => json(200, { run: run([row()]) }),
    });
    render();
    expect(await screen.findByText('No reconciliation yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download CSV' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Check now' }));
    expect(await screen.findByText('Stripe could not be asked')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ fix: false });
    const table = screen.getByRole('table', { name: 'Subscriptions compared with Stripe' });
    const cells = within(table).getAllByRole('row')[1];
    expect(cells).toHaveTextContent('Past due');
    expect(cells).toHaveTextContent('active');
    expect(cells).toHaveTextContent('State');
    expect(cells).toHaveTextContent('past_due here, active in Stripe.');
    expect(cells).toHaveTextContent('open$49.00');
  });

  it('repairs only after confirming what it changes', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/billing/reconciliation': () => json(200, { run: run([row()]) }),
      'POST /tenants/acme/billing/reconciliation': () => json(200, { run: run([row({ fixed: true, state: 'active' })], { fix: true, fixed: 1 }) }),
    });
    render();
    await userEvent.click(await screen.findByRole('button', { name: 'Check and repair' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Check and repair?' });
    expect(dialog).toHaveTextContent('Stripe itself is not changed');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Check and repair' }));
    expect(await screen.findByText('3 subscriptions checked: 1 out of step, 1 repaired.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ fix: true });
  });

  it('re-syncs one subscription after confirming and shows its new row', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/billing/reconciliation': () => json(200, { run: run([row(), row({ subscription_id: 'sub-2', application_name: 'Web App', drift: [], state: 'active', detail: '' })]) }),
      'POST /tenants/acme/subscriptions/sub-1/resync': () => json(200, row({ state: 'active', fixed: true })),
      'GET /tenants/acme/billing/overview': () => json(200, {}),
    });
    render();
    await userEvent.click(await screen.findByRole('button', { name: 'Re-sync Mobile App → Weather' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Re-sync subscription?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Re-sync' }));
    expect(await screen.findByText('Mobile App → Weather was re-synced: it is active.')).toBeInTheDocument();
    const first = within(screen.getByRole('table', { name: 'Subscriptions compared with Stripe' })).getAllByRole('row')[1];
    expect(first).toHaveTextContent('Active');
    expect(first).toHaveTextContent('Repaired');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/tenants/acme/subscriptions/sub-1/resync']);
    // The last run is not fetched again: the server saves a re-sync as a run of one row.
    expect(calls.filter((c) => c.path === '/tenants/acme/billing/reconciliation')).toHaveLength(1);
  });

  it('downloads the last run as CSV with the bearer token', async () => {
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => {
      created.push(b);
      return 'blob:csv';
    });
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const { calls } = stubFetch({
      'GET /tenants/acme/billing/reconciliation': () => json(200, { run: run([row()]) }),
      'GET /tenants/acme/billing/reconciliation.csv': () =>
        new Response('subscription_id,application\nsub-1,Mobile App\n', {
          status: 200,
          headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="reconciliation-20261122-100000.csv"' },
        }),
    });
    render();
    await userEvent.click(await screen.findByRole('button', { name: 'Download CSV' }));
    await vi.waitFor(() => expect(click).toHaveBeenCalled());
    expect(await created[0].text()).toContain('sub-1,Mobile App');
    const csvCall = calls.find((c) => c.path.endsWith('.csv'));
    expect(csvCall?.headers.Accept).toContain('text/csv');
  });
});
