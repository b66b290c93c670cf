import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { BillableUsage } from '../../../lib/types';
import { json, stubFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { BillingUsagePage } from './BillingUsagePage';

const usage = (over: Partial<BillableUsage> = {}): BillableUsage => ({
  subscription_id: 'sub-1',
  application_name: 'Mobile App',
  api_name: 'Weather',
  plan_name: 'Metered',
  metered: true,
  period_start: '2026-11-01T00:00:00Z',
  period_end: '2026-12-01T00:00:00Z',
  counted: 1200,
  reported: 1000,
  unreported: 200,
  ...over,
});

const render = (role: 'billing' | 'developer' = 'billing') =>
  renderWithProviders(<BillingUsagePage />, { role, route: '/t/acme/billing/usage', path: '/t/:tenant/billing/usage' });

describe('BillingUsagePage', () => {
  it('compares billable usage with what Stripe was told, and downloads it as CSV', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:csv';
    });
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    stubFetch({
      'GET /tenants/acme/billing/usage': () =>
        json(200, { items: [usage(), usage({ subscription_id: 'sub-2', application_name: 'Web App', plan_name: 'Pro', metered: false, counted: 40, reported: 0, unreported: 0 })] }),
    });
    render();
    const table = await screen.findByRole('table', { name: 'Billable usage per subscription this period' });
    const [, metered, flat] = within(table).getAllByRole('row');
    expect(metered).toHaveTextContent('Mobile App → Weather');
    expect(metered).toHaveTextContent('1,200');
    expect(metered).toHaveTextContent('200');
    expect(flat).toHaveTextContent('Flat price');
    expect(screen.getByRole('list', { name: 'Metered usage this period' })).toHaveTextContent('Not reported yet200');
    await userEvent.click(screen.getByRole('button', { name: 'Download CSV of billable usage this period' }));
    expect(await blobs[0].text()).toBe(
      'subscription_id,application,api,plan,metered,period_start,period_end,counted,reported,unreported\r\n' +
        'sub-1,Mobile App,Weather,Metered,true,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,1200,1000,200\r\n' +
        'sub-2,Web App,Weather,Pro,false,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,40,,\r\n',
    );
    click.mockRestore();
  });

  it('says when there are no paid subscriptions', async () => {
    stubFetch({ 'GET /tenants/acme/billing/usage': () => json(200, { items: [] }) });
    render();
    expect(await screen.findByText('No paid subscriptions')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download CSV of billable usage this period' })).toBeDisabled();
  });

  it('is for the billing team only', () => {
    const { calls } = stubFetch({});
    render('developer');
    expect(screen.getByText('No access')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });
});
