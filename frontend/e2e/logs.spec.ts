import { expect, test } from '@playwright/test';
import { DEVELOPER, callGateway, closeCopyOnce, nav, signIn, uniqueSuffix } from './helpers';

const gateway = process.env.E2E_GATEWAY_URL;

test('a refused call shows up in the application’s call log and links to how to fix it', async ({ page, browser, baseURL }) => {
  test.skip(!gateway, 'E2E_GATEWAY_URL is not set: no gateway to call');
  const suffix = uniqueSuffix();
  const keyName = `logs ${suffix}`;

  // The demo developer makes a key for the Mobile App (subscribed to Weather by the demo data).
  await signIn(page, DEVELOPER);
  await nav(page).getByRole('link', { name: 'Applications' }).click();
  await page.getByRole('link', { name: 'Mobile App', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mobile App' })).toBeVisible();
  await page.getByRole('button', { name: 'Create key' }).first().click();
  const form = page.getByRole('dialog', { name: 'Create API key' });
  await form.getByLabel('Name').fill(keyName);
  await form.getByRole('button', { name: 'Create key' }).click();
  const key = await closeCopyOnce(page, 'Copy your new API key', 'API key', 'Copy key');
  const prefix = key.slice(0, 12);

  // The gateway knows the key within moments: the call gets past the key checks.
  await expect
    .poll(async () => (await callGateway(key)).code, { timeout: 15_000 })
    .not.toMatch(/^(invalid_api_key|missing_api_key)$/);

  // Revoke it in the portal, after confirming; the gateway refuses it from then on.
  const keys = page.getByRole('table', { name: 'API keys of Mobile App' });
  await keys.getByRole('button', { name: `Revoke key ${keyName} (${prefix})` }).click();
  const revoke = page.getByRole('alertdialog', { name: 'Revoke key?' });
  await revoke.getByRole('button', { name: 'Revoke key' }).click();
  await expect(revoke).toBeHidden();
  await expect.poll(async () => callGateway(key), { timeout: 10_000 }).toEqual({ status: 401, code: 'api_key_revoked' });

  // The gateway writes its call logs in batches (every second by default).
  await page.waitForTimeout(2_000);

  // The application's call log, narrowed to refusals: the revoked key's call is there.
  await page.getByRole('link', { name: 'Call log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Call log' })).toBeVisible();
  await page.getByLabel('Status').selectOption('4xx');
  await page.getByLabel('Key prefix').fill(prefix);
  const table = page.getByRole('table', { name: 'Calls made with the keys of Mobile App' });
  const row = table.getByRole('row').filter({ hasText: 'api_key_revoked' }).filter({ hasText: prefix }).first();
  await expect(async () => {
    if (!(await row.isVisible())) {
      await page.getByRole('button', { name: 'Refresh' }).click();
    }
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(row).toContainText('401');
  await expect(row).toContainText('/acme/weather/current');

  // Its details: every field, and a link to the explanation of the code.
  await row.getByRole('button', { name: /^Details of the call/ }).click();
  const drawer = page.getByRole('dialog', { name: 'Call details' });
  await expect(drawer).toContainText('api_key_revoked');
  await expect(drawer).toContainText('API key revoked');
  await expect(drawer).toContainText(`${prefix}…`);
  await expect(drawer).toContainText('/acme/weather/current');
  await expect(drawer.getByText('Request ID', { exact: true })).toBeVisible();
  await drawer.getByRole('link', { name: 'What “api_key_revoked” means and how to fix it' }).click();

  // The explanation page says what happened and how to fix it.
  await expect(page).toHaveURL(/\/docs\/errors\/api_key_revoked$/);
  await expect(page.getByRole('heading', { level: 1, name: 'API key revoked' })).toBeVisible();
  await expect(page.getByText('401 Unauthorized', { exact: true })).toBeVisible();
  const fix = page.getByRole('region', { name: 'How to fix it' });
  await expect(fix).toContainText('Create key');
  await expect(fix).toContainText('Put the new key in your software');

  // Back in the log, the drawer is where it was.
  await page.goBack();
  await expect(page.getByRole('dialog', { name: 'Call details' })).toBeVisible();

  // The page is public: the gateway's problem `type` links work without signing in.
  const anon = await browser.newContext({ baseURL });
  try {
    const visitor = await anon.newPage();
    const res = await visitor.goto('/docs/errors/api_key_revoked');
    expect(res?.status()).toBe(200);
    await expect(visitor.getByRole('heading', { level: 1, name: 'API key revoked' })).toBeVisible();
    await expect(visitor).toHaveURL(/\/docs\/errors\/api_key_revoked$/);
    await visitor.getByRole('link', { name: 'All error codes' }).click();
    await expect(visitor.getByRole('table', { name: 'The gateway’s decision table' })).toContainText('quota_exhausted');
    await visitor.goto('/docs/errors/no_such_code');
    await expect(visitor.getByText('There is no error code “no_such_code”')).toBeVisible();
  } finally {
    await anon.close();
  }
});
