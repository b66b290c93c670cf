import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { StripePrice } from '../../../lib/types';
import { json, problem, stubFetch } from '../../../test/fetch';
import { list, plan, weather } from '../../../test/data';
import { renderWithProviders } from '../../../test/render';
import { checkAmount } from './PlanPriceDialogs';
import { PlansSection } from './PlansSection';

const pro = plan({ id: 'plan-pro', name: 'Pro', paid: true, stripe_price_id: 'price_demo_pro' });
const price = (over: Partial<StripePrice> = {}): StripePrice => ({
  id: 'price_demo_pro',
  product_id: 'prod_1',
  product_name: 'Weather Pro',
  nickname: '',
  unit_amount: 4900,
  currency: 'usd',
  interval: 'month',
  usage_type: 'licensed',
  active: true,
  ...over,
});

const render = () => renderWithProviders(<PlansSection api={weather} />, { role: 'developer', teamIds: ['team-p'] });

describe('plan prices', () => {
  it('show the Stripe price of paid plans with its amount', async () => {
    stubFetch({
      'GET /tenants/acme/apis/api-1/plans': () => json(200, list([plan(), pro])),
      'GET /tenants/acme/billing/prices': () => json(200, { items: [price()] }),
    });
    render();
    const table = await screen.findByRole('table', { name: 'Plans of Weather' });
    const row = await within(table).findByRole('row', { name: /Pro/ });
    expect(await within(row).findByText('$49.00 / month')).toBeInTheDocument();
    expect(row).toHaveTextContent('Weather Pro');
    // Free plans have no Stripe price.
    expect(within(table).queryByRole('button', { name: 'Choose the Stripe price of plan Free' })).not.toBeInTheDocument();
  });

  it('are chosen from the Stripe account’s prices and saved on the plan', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/apis/api-1/plans': () => json(200, list([plan(), { ...pro, stripe_price_id: '' }])),
      'GET /tenants/acme/billing/prices': () =>
        json(200, { items: [price(), price({ id: 'price_metered', nickname: 'per call', unit_amount: 1, usage_type: 'metered' })] }),
      'PATCH /tenants/acme/apis/api-1/plans/plan-pro': () => json(200, { ...pro, stripe_price_id: 'price_metered', billing: 'metered' }),
    });
    render();
    await userEvent.click(await screen.findByRole('button', { name: 'Choose the Stripe price of plan Pro' }));
    const dialog = screen.getByRole('dialog', { name: 'Choose the Stripe price of Pro' });
    const select = await within(dialog).findByLabelText('Stripe price');
    expect(within(select).getByRole('option', { name: 'Weather Pro — $49.00 / month · flat' })).toBeInTheDocument();
    await userEvent.selectOptions(select, 'Weather Pro (per call) — $0.01 per call, billed monthly · metered');
    expect(select).toHaveAccessibleDescription(/the plan will bill by usage \(metered\), like this price/);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save price' }));
    expect(await screen.findByText('Plan Pro now charges $0.01 per call, billed monthly.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ stripe_price_id: 'price_metered', billing: 'metered' });
  });

  it('say clearly when Stripe is not connected', async () => {
    stubFetch({
      'GET /tenants/acme/apis/api-1/plans': () => json(200, list([{ ...pro, stripe_price_id: '' }])),
      'GET /tenants/acme/billing/prices': () =>
        problem(409, 'stripe_not_connected', 'Stripe is not connected', 'this organisation has not connected Stripe yet'),
    });
    render();
    await userEvent.click(await screen.findByRole('button', { name: 'Choose the Stripe price of plan Pro' }));
    const dialog = screen.getByRole('dialog', { name: 'Choose the Stripe price of Pro' });
    expect(await within(dialog).findByText('Stripe is not connected')).toBeInTheDocument();
    // A provider developer cannot open the Stripe settings: they are told whom to ask.
    expect(dialog).toHaveTextContent('Ask an owner of the tenant to connect its Stripe account under Settings → Stripe.');
  });

  it('are created in Stripe from an amount in dollars, sent in cents', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/apis/api-1/plans': () => json(200, list([{ ...pro, stripe_price_id: '' }])),
      'POST /tenants/acme/apis/api-1/plans/plan-pro/stripe-price': () => json(200, { ...pro, stripe_price_id: 'price_new' }),
    });
    render();
    await userEvent.click(await screen.findByRole('button', { name: 'Create a Stripe price for plan Pro' }));
    const dialog = screen.getByRole('dialog', { name: 'Create a Stripe price for Pro' });
    const amount = within(dialog).getByLabelText('Amount');
    await userEvent.type(amount, '49.999');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create price' }));
    expect(amount).toHaveAccessibleDescription('Enter an amount like 49 or 49.90, with at most 2 decimals.');
    await userEvent.clear(amount);
    await userEvent.type(amount, '49.5');
    expect(amount).toHaveAccessibleDescription('Subscribers pay $49.50 / month.');
    await userEvent.selectOptions(within(dialog).getByLabelText('Billing interval'), 'year');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create price' }));
    expect(await screen.findByText('Stripe price created for plan Pro: $49.50 / year.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ unit_amount: 4950, currency: 'usd', interval: 'year' });
  });

  it('check amounts as Stripe would', () => {
    expect(checkAmount('', 'usd').error).toBe('Enter the amount.');
    expect(checkAmount('0', 'usd').error).toBe('Enter an amount above zero.');
    expect(checkAmount('1000000', 'usd').error).toBe('That is more than Stripe accepts for one price.');
    expect(checkAmount('2.5', 'jpy').error).toBe('Enter a whole amount, like 500.');
    expect(checkAmount('500', 'jpy').cents).toBe(500);
  });
});
