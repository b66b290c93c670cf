import { createHmac, randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { BILLING, DEVELOPER, OWNER, apiCall as call, apiLogin as login, nav, signIn, uniqueSuffix } from './helpers';

// Stripe is stripe-mock here (E2E_STRIPE_URL): it answers the API but hosts no pages, and it sends no webhooks. The
// tests deliver Stripe's events themselves, signed with the tenant's webhook secret, as Stripe would.
const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080';
const TENANT = 'acme';
// stripe-mock accepts only keys like sk_test_<letters and digits>: no second underscore.
const SECRET_KEY = 'sk_test_e2e123456';
const WEBHOOK_SECRET = 'whsec_e2e_secret_123456';

interface Sub {
  id: string;
  state: string;
  application_name: string;
}

const random = () => randomBytes(6).toString('hex');
const unix = () => Math.floor(Date.now() / 1000);

/** deliver posts a Stripe event to the tenant's webhook, signed like Stripe signs it. */
async function deliver(type: string, object: Record<string, unknown>, created = unix()): Promise<void> {
  const body = JSON.stringify({
    id: `evt_${random()}`,
    object: 'event',
    api_version: '2023-10-16',
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
  const t = unix();
  const v1 = createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${body}`).digest('hex');
  const res = await fetch(`${BASE}/webhooks/stripe/${TENANT}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': `t=${t},v1=${v1}` },
    body,
  });
  expect(res.status, `webhook ${type}: ${await res.clone().text()}`).toBe(200);
}

/** checkoutCompleted is the event Stripe sends when the developer has paid at Checkout. */
function checkoutCompleted(sub: Sub, stripeSub: string, created: number) {
  return deliver('checkout.session.completed', {
    id: `cs_test_${random()}`,
    object: 'checkout.session',
    mode: 'subscription',
    status: 'complete',
    payment_status: 'paid',
    client_reference_id: sub.id,
    customer: 'cus_e2e',
    subscription: stripeSub,
    metadata: { tollgate_subscription_id: sub.id },
  }, created);
}

/**
 * paidSubscription connects Stripe (as the owner) and subscribes a new application of the developer's team to the paid
 * Pro plan of the Weather API. The subscription waits for payment.
 */
async function paidSubscription(): Promise<{ sub: Sub; devToken: string }> {
  const ownerToken = await login(OWNER);
  await call(ownerToken, 'PUT', '/billing/stripe', { secret_key: SECRET_KEY, webhook_secret: WEBHOOK_SECRET });
  const devToken = await login(DEVELOPER);
  const apps = await call<{ items: { name: string; team_id: string }[] }>(devToken, 'GET', '/applications?limit=100');
  const mobile = apps.items.find((a) => a.name === 'Mobile App');
  expect(mobile, 'the demo developer’s Mobile App').toBeTruthy();
  const app = await call<{ id: string }>(devToken, 'POST', '/applications', {
    team_id: mobile!.team_id,
    name: `Paying App ${uniqueSuffix()}`,
    description: 'Pays for Weather Pro (e2e).',
  });
  const apis = await call<{ items: { id: string; name: string }[] }>(devToken, 'GET', '/apis?limit=100');
  const weather = apis.items.find((a) => a.name === 'Weather');
  expect(weather, 'the demo Weather API').toBeTruthy();
  const plans = await call<{ items: { id: string; name: string; paid: boolean }[] }>(devToken, 'GET', `/apis/${weather!.id}/plans`);
  const pro = plans.items.find((p) => p.name === 'Pro');
  expect(pro?.paid, 'the demo Pro plan is paid').toBe(true);
  const sub = await call<Sub>(devToken, 'POST', `/applications/${app.id}/subscriptions`, { plan_id: pro!.id, reason: 'e2e: pays for Pro' });
  expect(sub.state).toBe('pending_payment');
  return { sub, devToken };
}

/** waitForState polls the subscription until the server has applied Stripe's news. */
async function waitForState(token: string, id: string, state: string) {
  await expect
    .poll(async () => (await call<Sub>(token, 'GET', `/subscriptions/${id}`)).state, { timeout: 15_000 })
    .toBe(state);
}

test.describe.configure({ mode: 'serial' });

test('a developer pays for a paid plan through Stripe Checkout', async ({ page }) => {
  const { sub } = await paidSubscription();

  // Stripe's Checkout page is not hosted by stripe-mock: the browser's visit is answered here.
  let checkoutUrl = '';
  await page.route('https://checkout.stripe.com/**', (route) => {
    checkoutUrl = route.request().url();
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Stripe Checkout</title><p>Stripe Checkout (e2e)</p>' });
  });

  await signIn(page, DEVELOPER);
  await page.goto(`/t/${TENANT}/subscriptions/${sub.id}`);
  const billing = page.getByRole('region', { name: 'Billing' });
  await expect(billing).toContainText('Waiting for payment');
  await expect(billing.getByRole('button', { name: 'Manage billing' })).toHaveCount(0);
  await billing.getByRole('button', { name: 'Pay' }).click();
  await expect(page).toHaveURL(/^https:\/\/checkout\.stripe\.com\//);
  expect(checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.com\//);

  // Stripe sends the browser back to the success page; the page waits for Stripe's confirmation.
  await page.goto(`/t/${TENANT}/subscriptions/${sub.id}?checkout=success&session_id=cs_test_e2e`);
  await expect(page.getByText('Payment received — waiting for Stripe’s confirmation')).toBeVisible();
  await checkoutCompleted(sub, `sub_e2e_${random()}`, unix());
  await expect(page.getByText('Payment confirmed')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.page-description').getByText('Active', { exact: true })).toBeVisible();
  await expect(billing.getByRole('button', { name: 'Pay' })).toHaveCount(0);
  await expect(billing.getByRole('button', { name: 'Manage billing' })).toBeVisible();
});

test('the billing team finds a subscription out of step with Stripe and re-syncs it', async ({ page }, testInfo) => {
  const { sub, devToken } = await paidSubscription();
  const stripeSub = `sub_e2e_${random()}`;
  // Paid at Checkout a minute ago; then Stripe reports a failed renewal. stripe-mock still says the Stripe
  // subscription is active, so our past_due is out of step with Stripe.
  await checkoutCompleted(sub, stripeSub, unix() - 60);
  await waitForState(devToken, sub.id, 'active');
  await deliver('invoice.payment_failed', {
    id: `in_e2e_${random()}`,
    object: 'invoice',
    subscription: stripeSub,
    customer: 'cus_e2e',
    status: 'open',
    amount_due: 4900,
    currency: 'usd',
    billing_reason: 'subscription_cycle',
    hosted_invoice_url: 'https://invoice.stripe.com/i/test',
    next_payment_attempt: unix() + 3 * 24 * 3600,
    subscription_details: { metadata: { tollgate_subscription_id: sub.id } },
  });
  await waitForState(devToken, sub.id, 'past_due');

  await signIn(page, BILLING);
  await nav(page).getByRole('link', { name: 'Reconciliation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reconciliation' })).toBeVisible();
  await page.getByRole('button', { name: 'Check now' }).click();
  await expect(page.getByText(/subscriptions? checked:/).first()).toBeVisible({ timeout: 20_000 });

  const name = `${sub.application_name} → Weather`;
  const row = page.getByRole('table', { name: 'Subscriptions compared with Stripe' }).getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Past due');
  await expect(row.getByText('State', { exact: true })).toBeVisible();
  await expect(row).toContainText('past_due here, active in Stripe.');

  // Only drifted rows, by the filter kept in the URL.
  await page.getByLabel('Drift kind').selectOption('state');
  await expect(page).toHaveURL(/drift=state/);
  await expect(row).toBeVisible();

  await row.getByRole('button', { name: `Re-sync ${name}` }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Re-sync subscription?' });
  await confirm.getByRole('button', { name: 'Re-sync' }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText('Active');
  await expect(row).toContainText('Repaired');
  await waitForState(devToken, sub.id, 'active');

  await page.screenshot({ path: testInfo.outputPath('billing-reconciliation.png'), fullPage: true });
});
