import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { StripeSettings } from '../../../lib/types';
import { json, problem, stubFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { StripeSettingsPage } from './StripeSettingsPage';

const settings = (over: Partial<StripeSettings> = {}): StripeSettings => ({
  connected: true,
  source: 'tenant',
  secret_key_set: true,
  secret_key_last4: '3456',
  webhook_secret_set: true,
  webhook_secret_last4: 'cret',
  livemode: false,
  verified_at: '2026-11-21T10:00:00Z',
  updated_at: '2026-11-21T09:00:00Z',
  webhook_url: 'http://portal.test/webhooks/stripe/acme',
  api_version: '2023-10-16',
  event_types: ['checkout.session.completed', 'invoice.paid', 'invoice.payment_failed'],
  ...over,
});

const render = (role: 'owner' | 'admin' | 'billing' | 'developer') =>
  renderWithProviders(<StripeSettingsPage />, { role, route: '/t/acme/settings/stripe', path: '/t/:tenant/settings/stripe' });

describe('StripeSettingsPage', () => {
  it('shows the connection and never the secrets, only their last characters', async () => {
    stubFetch({ 'GET /tenants/acme/billing/stripe': () => json(200, settings()) });
    render('owner');
    const connection = await screen.findByRole('region', { name: 'Connection' });
    expect(connection).toHaveTextContent('Connected: your Stripe account');
    expect(connection).toHaveTextContent('Test mode');
    const key = screen.getByLabelText('Secret key');
    expect(key).toHaveValue('');
    expect(key).toHaveAttribute('type', 'password');
    expect(key).toHaveAccessibleDescription('Set, ends in ••••3456.');
    expect(screen.getByLabelText('Webhook signing secret')).toHaveAccessibleDescription('Set, ends in ••••cret.');
    // The webhook endpoint to create in Stripe.
    expect(screen.getByLabelText('Webhook URL')).toHaveValue('http://portal.test/webhooks/stripe/acme');
    const setup = screen.getByRole('region', { name: 'Webhook endpoint' });
    expect(setup).toHaveTextContent('2023-10-16');
    expect(within(setup).getByRole('list', { name: 'Events to send' })).toHaveTextContent('invoice.payment_failed');
  });

  it('lets an owner save only the secrets typed, checking their prefix first', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/billing/stripe': () => json(200, settings({ connected: false, source: 'none', secret_key_set: false, secret_key_last4: '' })),
      'PUT /tenants/acme/billing/stripe': () => json(200, settings({ secret_key_last4: '9999' })),
    });
    render('owner');
    const key = await screen.findByLabelText('Secret key');
    expect(key).toHaveAccessibleDescription('Not set.');
    await userEvent.type(key, 'pk_test_1234567890');
    await userEvent.click(screen.getByRole('button', { name: 'Save keys' }));
    expect(key).toHaveAccessibleDescription('It must start with sk_ or rk_.');
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
    await userEvent.clear(key);
    await userEvent.type(key, 'sk_test_1234567899999');
    await userEvent.click(screen.getByRole('button', { name: 'Save keys' }));
    expect(await screen.findByText('The Stripe keys were saved. Test the connection to check them.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ secret_key: 'sk_test_1234567899999' });
    expect(key).toHaveValue('');
  });

  it('shows the server’s refusal under the field', async () => {
    stubFetch({
      'GET /tenants/acme/billing/stripe': () => json(200, settings()),
      'PUT /tenants/acme/billing/stripe': () =>
        problem(422, 'validation_failed', 'Validation failed', '1 field is invalid', [
          { field: 'webhook_secret', message: 'does not look like a Stripe secret (12 to 255 characters, no spaces)' },
        ]),
    });
    render('owner');
    await userEvent.type(await screen.findByLabelText('Webhook signing secret'), 'whsec_abcdefghijkl');
    await userEvent.click(screen.getByRole('button', { name: 'Save keys' }));
    expect(await screen.findByText('Does not look like a Stripe secret (12 to 255 characters, no spaces).')).toBeInTheDocument();
  });

  it('removes a secret only after confirming, by sending an empty string', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/billing/stripe': () => json(200, settings()),
      'PUT /tenants/acme/billing/stripe': () => json(200, settings({ webhook_secret_set: false, webhook_secret_last4: '' })),
    });
    render('owner');
    await userEvent.click(await screen.findByRole('button', { name: 'Remove webhook signing secret' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Remove the webhook signing secret?' });
    expect(dialog).toHaveTextContent('payments are no longer confirmed');
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(await screen.findByText('The webhook signing secret was removed.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ webhook_secret: '' });
  });

  it('tests the connection and shows Stripe’s answer', async () => {
    stubFetch({
      'GET /tenants/acme/billing/stripe': () => json(200, settings()),
      'POST /tenants/acme/billing/stripe/test': [
        () => json(200, { ok: false, livemode: false, detail: 'Stripe: Invalid API Key provided' }),
        () => problem(409, 'stripe_not_connected', 'Stripe is not connected', 'this organisation has not connected Stripe yet'),
      ],
    });
    render('admin');
    await userEvent.click(await screen.findByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Stripe refused the key')).toBeInTheDocument();
    expect(screen.getByText('Stripe: Invalid API Key provided')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Stripe is not connected')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Settings → Stripe' })).toHaveAttribute('href', '/t/acme/settings/stripe');
  });

  it('is read-only for admins and billing members', async () => {
    stubFetch({ 'GET /tenants/acme/billing/stripe': () => json(200, settings({ source: 'operator', secret_key_set: false, secret_key_last4: '' })) });
    render('billing');
    expect(await screen.findByText('Only owners can change the Stripe keys.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Secret key')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Remove/ })).not.toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Keys' })).toHaveTextContent('Not set: the platform’s Stripe account is used.');
    expect(screen.getByRole('region', { name: 'Connection' })).toHaveTextContent('Connected: the platform’s Stripe account');
  });

  it('is not for developers', () => {
    const { calls } = stubFetch({});
    render('developer');
    expect(screen.getByRole('alert')).toHaveTextContent('Only owners, admins and billing members');
    expect(calls).toHaveLength(0);
  });
});
