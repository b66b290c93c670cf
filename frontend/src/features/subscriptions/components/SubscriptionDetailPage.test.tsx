import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { browser } from '../../../lib/browser';
import { json, problem, stubFetch } from '../../../test/fetch';
import { olivia, paidSubscription, subscription } from '../../../test/data';
import { renderWithProviders } from '../../../test/render';
import { SubscriptionDetailPage } from './SubscriptionDetailPage';

const events = {
  items: [
    { id: 1, event: 'request', from_state: '', to_state: 'active', actor: olivia, reason: 'Show the weather.', created_at: '2026-11-20T09:00:00Z' },
  ],
};

describe('SubscriptionDetailPage', () => {
  it('lets an admin revoke only with a reason, after confirming', async () => {
    let sub = subscription();
    const { calls } = stubFetch({
      'GET /tenants/acme/subscriptions/sub-1': () => json(200, sub),
      'GET /tenants/acme/subscriptions/sub-1/events': () => json(200, events),
      'POST /tenants/acme/subscriptions/sub-1/revoke': () => {
        sub = { ...sub, state: 'revoked' };
        return json(200, sub);
      },
    });
    renderWithProviders(<SubscriptionDetailPage />, { role: 'admin', route: '/s/sub-1', path: '/s/:subId' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Mobile App → Weather' })).toBeInTheDocument();
    expect(await screen.findByText('“Show the weather.”')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Revoke' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Revoke subscription?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(within(dialog).getByLabelText('Reason')).toHaveAccessibleDescription("Give a reason; the application's team reads it.");
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'Abuse of the free tier');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByText('The subscription of Mobile App to Weather was revoked.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ reason: 'Abuse of the free tier' });
    expect(await screen.findAllByText('Revoked')).not.toHaveLength(0);
  });

  it('shows the application team no admin actions but lets it cancel', async () => {
    stubFetch({
      'GET /tenants/acme/subscriptions/sub-1': () => json(200, subscription()),
      'GET /tenants/acme/subscriptions/sub-1/events': () => json(200, events),
    });
    renderWithProviders(<SubscriptionDetailPage />, { role: 'developer', route: '/s/sub-1', path: '/s/:subId' });
    expect(await screen.findByRole('button', { name: 'Cancel subscription' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Revoke' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Suspend' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: '← Mobile App' })).toHaveAttribute('href', '/t/acme/applications/app-1');
  });

  describe('billing', () => {
    const page = (route = '/s/sub-1') =>
      renderWithProviders(<SubscriptionDetailPage />, { role: 'developer', teamIds: ['team-m'], route, path: '/s/:subId' });

    it('lets the application’s team pay: the browser goes to Stripe’s Checkout', async () => {
      const leave = vi.spyOn(browser, 'leaveTo').mockImplementation(() => undefined);
      const { calls } = stubFetch({
        'GET /tenants/acme/subscriptions/sub-1': () => json(200, paidSubscription()),
        'GET /tenants/acme/subscriptions/sub-1/events': () => json(200, events),
        'POST /tenants/acme/subscriptions/sub-1/checkout': () => json(200, { url: 'https://checkout.stripe.com/c/pay/cs_test_1' }),
      });
      page();
      const billing = await screen.findByRole('region', { name: 'Billing' });
      expect(billing).toHaveTextContent('Waiting for payment');
      expect(within(billing).queryByRole('button', { name: 'Manage billing' })).not.toBeInTheDocument();
      await userEvent.click(within(billing).getByRole('button', { name: 'Pay' }));
      await vi.waitFor(() => expect(leave).toHaveBeenCalledWith('https://checkout.stripe.com/c/pay/cs_test_1'));
      expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/tenants/acme/subscriptions/sub-1/checkout']);
    });

    it('shows why Stripe refused, inline, and stays on the page', async () => {
      const leave = vi.spyOn(browser, 'leaveTo').mockImplementation(() => undefined);
      stubFetch({
        'GET /tenants/acme/subscriptions/sub-1': () => json(200, paidSubscription()),
        'GET /tenants/acme/subscriptions/sub-1/events': () => json(200, events),
        'POST /tenants/acme/subscriptions/sub-1/checkout': () =>
          problem(502, 'stripe_error', 'Stripe error', 'Stripe could not be reached; nothing was changed, try again in a moment'),
      });
      page();
      await userEvent.click(await screen.findByRole('button', { name: 'Pay' }));
      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('Stripe error');
      expect(alert).toHaveTextContent('Stripe could not be reached; nothing was changed, try again in a moment.');
      expect(leave).not.toHaveBeenCalled();
      expect(screen.getByRole('button', { name: 'Pay' })).toBeEnabled();
    });

    it('warns about a failed payment and offers the billing portal and the invoice', async () => {
      const leave = vi.spyOn(browser, 'leaveTo').mockImplementation(() => undefined);
      stubFetch({
        'GET /tenants/acme/subscriptions/sub-1': () =>
          json(200, paidSubscription({
            state: 'past_due', stripe_status: 'past_due', grace_ends_at: '2026-11-25T09:00:00Z',
            latest_invoice_status: 'open', latest_invoice_amount: 4900, latest_invoice_currency: 'usd',
            hosted_invoice_url: 'https://invoice.stripe.com/i/test',
          })),
        'GET /tenants/acme/subscriptions/sub-1/events': () => json(200, events),
        'POST /tenants/acme/subscriptions/sub-1/billing-portal': () => json(200, { url: 'https://billing.stripe.com/p/session/test' }),
      });
      page();
      const billing = await screen.findByRole('region', { name: 'Billing' });
      expect(billing).toHaveTextContent('Payment failed');
      expect(billing).toHaveTextContent(/Access continues until .*2026.*; update your card/);
      expect(billing).toHaveTextContent('open · $49.00');
      expect(within(billing).getByRole('link', { name: 'Open invoice' })).toHaveAttribute('href', 'https://invoice.stripe.com/i/test');
      expect(within(billing).queryByRole('button', { name: 'Pay' })).not.toBeInTheDocument();
      await userEvent.click(within(billing).getByRole('button', { name: 'Manage billing' }));
      await vi.waitFor(() => expect(leave).toHaveBeenCalledWith('https://billing.stripe.com/p/session/test'));
    });

    it('after Checkout, waits for Stripe’s confirmation and says when the subscription is active', async () => {
      const { calls } = stubFetch({
        'GET /tenants/acme/subscriptions/sub-1': [
          () => json(200, paidSubscription()),
          () => json(200, paidSubscription({ state: 'active', stripe_status: 'active' })),
        ],
        'GET /tenants/acme/subscriptions/sub-1/events': () => json(200, events),
      });
      page('/s/sub-1?checkout=success&session_id=cs_test_1');
      expect(await screen.findByText('Payment received — waiting for Stripe’s confirmation')).toBeInTheDocument();
      expect(await screen.findByText('Payment confirmed', undefined, { timeout: 5000 })).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Pay' })).not.toBeInTheDocument();
      const gets = calls.filter((c) => c.path === '/tenants/acme/subscriptions/sub-1').length;
      expect(gets).toBe(2);
    });

    it('after a canceled Checkout, says nothing was charged and offers Pay again', async () => {
      stubFetch({
        'GET /tenants/acme/subscriptions/sub-1': () => json(200, paidSubscription()),
        'GET /tenants/acme/subscriptions/sub-1/events': () => json(200, events),
      });
      page('/s/sub-1?checkout=canceled');
      expect(await screen.findByText('Checkout canceled; nothing was charged')).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Pay' })).toBeInTheDocument();
      await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
      expect(screen.queryByText('Checkout canceled; nothing was charged')).not.toBeInTheDocument();
    });

    it('shows no billing panel on free plans', async () => {
      stubFetch({
        'GET /tenants/acme/subscriptions/sub-1': () => json(200, subscription()),
        'GET /tenants/acme/subscriptions/sub-1/events': () => json(200, events),
      });
      page();
      expect(await screen.findByRole('heading', { level: 1, name: 'Mobile App → Weather' })).toBeInTheDocument();
      expect(screen.queryByRole('region', { name: 'Billing' })).not.toBeInTheDocument();
    });
  });
});
