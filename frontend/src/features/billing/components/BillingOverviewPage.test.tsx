import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BillingOverview } from '../../../lib/types';
import { json, stubFetch } from '../../../test/fetch';
import { paidSubscription } from '../../../test/data';
import { renderWithProviders } from '../../../test/render';
import { BillingOverviewPage } from './BillingOverviewPage';

const overview = (over: Partial<BillingOverview> = {}): BillingOverview => ({
  connected: true,
  active_paid: 12,
  pending_payment: 2,
  past_due: 1,
  in_grace: 1,
  suspended: 0,
  failed_events: 3,
  pending_events: 0,
  unreported_usage: 1500,
  last_reconciliation: null,
  failed_payments: [],
  ...over,
});

const render = (role: 'owner' | 'billing' | 'developer' = 'billing') =>
  renderWithProviders(<BillingOverviewPage />, { role, route: '/t/acme/billing', path: '/t/:tenant/billing' });

describe('BillingOverviewPage', () => {
  it('points to Settings → Stripe while Stripe is not connected', async () => {
    stubFetch({ 'GET /tenants/acme/billing/overview': () => json(200, overview({ connected: false })) });
    render();
    expect(await screen.findByText('Stripe is not connected')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Connect Stripe' })).toHaveAttribute('href', '/t/acme/settings/stripe');
  });

  it('shows the counts, the last run and the failed payments', async () => {
    stubFetch({
      'GET /tenants/acme/billing/overview': () =>
        json(200, overview({
          last_reconciliation: {
            id: 'r1', trigger: 'nightly', fix: true, started_at: '2026-11-22T03:00:00Z', finished_at: '2026-11-22T03:00:05Z',
            checked: 14, drifted: 2, fixed: 2, error: '', rows: [],
          },
          failed_payments: [paidSubscription({ state: 'past_due', latest_invoice_status: 'open', latest_invoice_amount: 4900, latest_invoice_currency: 'usd' })],
        })),
    });
    render('owner');
    const stats = await screen.findByRole('list', { name: 'Billing summary' });
    expect(within(stats).getByText('Active paid').closest('li')).toHaveTextContent('12');
    expect(within(stats).getByRole('link', { name: 'Failed events' })).toHaveAttribute('href', '/t/acme/billing/events?status=failed');
    expect(within(stats).getByText('Unreported usage').closest('li')).toHaveTextContent('1,500 calls');
    expect(screen.getByRole('region', { name: 'Reconciliation with Stripe' })).toHaveTextContent('14 subscriptions checked, 2 out of step with Stripe, 2 repaired');
    const failed = screen.getByRole('table', { name: 'Failed payments' });
    expect(failed).toHaveTextContent('open · $49.00');
    expect(within(failed).getByRole('link', { name: 'Open the subscription of Mobile App to Weather' })).toHaveAttribute('href', '/t/acme/subscriptions/sub-1');
  });

  it('is not for developers', () => {
    const { calls } = stubFetch({});
    render('developer');
    expect(screen.getByRole('alert')).toHaveTextContent('Only owners, admins and billing members of this tenant can see billing.');
    expect(calls).toHaveLength(0);
  });
});
