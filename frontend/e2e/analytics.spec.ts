import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { DEVELOPER, OWNER, apiCall, apiLogin, callGateway, nav, signIn, uniqueSuffix } from './helpers';

const gateway = process.env.E2E_GATEWAY_URL;

interface Named {
  id: string;
  name: string;
  team_id: string;
}

/** A key the gateway refuses (its checksum is wrong): the call is logged for the API, without an application. */
const BAD_KEY = 'tg_live_e2eNotARealKey0000000000000000';

/** mobileAppKey makes the developer a new key for the demo Mobile App (the seed prints its own key once and keeps none). */
async function mobileAppKey(devToken: string): Promise<string> {
  const apps = await apiCall<{ items: Named[] }>(devToken, 'GET', '/applications?limit=100');
  const mobile = apps.items.find((a) => a.name === 'Mobile App');
  expect(mobile, 'the demo developer’s Mobile App').toBeTruthy();
  const created = await apiCall<{ key: string }>(devToken, 'POST', `/applications/${mobile!.id}/keys`, {
    name: `analytics ${uniqueSuffix()}`,
    mode: 'live',
    api_ids: [],
    allowed_ips: [],
  });
  return created.key;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** statValue reads one number of the dashboard's totals ("Calls" → 35). */
async function statValue(page: Page, label: RegExp): Promise<number> {
  const item = page.getByRole('list', { name: 'Totals' }).getByRole('listitem').filter({ hasText: label });
  const text = (await item.locator('.stat-value').textContent()) ?? '';
  return Number(text.replace(/[^\d]/g, '')) || 0;
}

test.describe.configure({ mode: 'serial' });

test('the provider dashboard shows the traffic through the gateway', async ({ page }) => {
  test.skip(!gateway, 'E2E_GATEWAY_URL is not set: no gateway to call');
  // The rollups are built for whole minutes: the calls show up within a minute or so.
  test.setTimeout(240_000);

  // 30 calls with a key of the Mobile App (once the gateway knows the key), and 5 with a key it refuses. The Free
  // plan allows 10 calls a second: the calls are paced to stay under it.
  const key = await mobileAppKey(await apiLogin(DEVELOPER));
  await expect.poll(async () => (await callGateway(key)).code, { timeout: 15_000 }).not.toMatch(/^(invalid_api_key|missing_api_key)$/);
  const answers = [];
  for (let i = 0; i < 30; i++) {
    answers.push(await callGateway(key));
    await sleep(150);
  }
  expect(answers.filter((a) => a.status === 200).length, JSON.stringify(answers.slice(0, 3))).toBeGreaterThanOrEqual(25);
  for (let i = 0; i < 5; i++) expect((await callGateway(BAD_KEY)).status).toBe(401);

  // The owner opens Analytics and picks the last hour: the range goes into the URL.
  await signIn(page, OWNER);
  await nav(page).getByRole('link', { name: 'Analytics' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
  await page.getByLabel('Time range').selectOption({ label: 'Last hour' });
  await expect(page).toHaveURL(/[?&]range=1h/);

  // Reload until the rollups have all the calls (the demo's own traffic may be there already: look for ours). The
  // gateway writes its logs every second and the job rolls them up every few seconds, so the five refused calls can
  // show up over two reloads: the totals are part of what is waited for.
  const topApps = page.getByRole('region', { name: 'Top applications' });
  const refusals = page.getByRole('region', { name: 'Refusals by code' });
  await expect(async () => {
    await page.reload();
    await expect(topApps).toContainText('Mobile App', { timeout: 5_000 });
    await expect(refusals).toContainText('invalid_api_key', { timeout: 1_000 });
    expect(await statValue(page, /^Calls/)).toBeGreaterThanOrEqual(35);
    expect(await statValue(page, /^Refused/)).toBeGreaterThanOrEqual(5);
  }).toPass({ timeout: 180_000, intervals: [5_000] });

  // Every chart has something to show.
  const calls = page.getByRole('region', { name: 'Calls over time' });
  await expect(calls.locator('.recharts-wrapper > svg')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Error rate over time' }).locator('.recharts-wrapper > svg')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Latency over time' }).locator('.recharts-wrapper > svg')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Top APIs' })).toContainText('Weather');
  await expect(page.getByRole('region', { name: 'Usage per plan' })).toContainText('Free');
  await expect(refusals).toContainText('401 Unauthorized');
  await expect(refusals.getByRole('link', { name: 'invalid_api_key', exact: true })).toHaveAttribute('href', '/docs/errors/invalid_api_key');

  // The data behind a chart downloads as CSV, made in the browser.
  const download = page.waitForEvent('download');
  await calls.getByRole('button', { name: 'Download CSV of calls over time' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^calls-over-time-\d{8}-\d{4}-\d{8}-\d{4}\.csv$/);
  const csv = await readFile(await file.path(), 'utf8');
  expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('bucket,calls,status_1xx,status_2xx,status_3xx,status_4xx,status_5xx');

  await page.screenshot({ path: test.info().outputPath('analytics-dashboard.png'), fullPage: true });

  // Narrowed to the Mobile App, the refusals of the unknown key are gone.
  await page.getByLabel('Application', { exact: true }).selectOption({ label: 'Mobile App' });
  await expect(page).toHaveURL(/application_id=/);
  await expect(topApps).toContainText('Mobile App');
  await expect(topApps).not.toContainText('Partner Dashboard');
  await expect(refusals).not.toContainText('invalid_api_key');
});

test('a developer near the quota is warned in the notification centre', async ({ page }) => {
  test.skip(!gateway, 'E2E_GATEWAY_URL is not set: no gateway to call');
  test.setTimeout(180_000);
  const suffix = uniqueSuffix();

  // The owner adds a small plan to Weather: 20 calls a month, warnings at 80, 90 and 100%.
  const owner = await apiLogin(OWNER);
  const apis = await apiCall<{ items: Named[] }>(owner, 'GET', '/apis?limit=100');
  const weather = apis.items.find((a) => a.name === 'Weather');
  expect(weather, 'the demo Weather API').toBeTruthy();
  const plan = await apiCall<{ id: string; alert_thresholds: number[] }>(owner, 'POST', `/apis/${weather!.id}/plans`, {
    name: `Alerts ${suffix}`,
    description: 'A tiny quota (e2e).',
    monthly_quota: 20,
    approval: 'auto',
    counted_statuses: ['2xx', '3xx'],
    alert_thresholds: [100, 80, 90],
  });
  expect(plan.alert_thresholds).toEqual([80, 90, 100]);

  // The developer's team subscribes a new application to it and makes a key.
  const dev = await apiLogin(DEVELOPER);
  const apps = await apiCall<{ items: Named[] }>(dev, 'GET', '/applications?limit=100');
  const mobile = apps.items.find((a) => a.name === 'Mobile App');
  const appName = `Alerts App ${suffix}`;
  const app = await apiCall<Named>(dev, 'POST', '/applications', { team_id: mobile!.team_id, name: appName, description: 'Uses up its quota (e2e).' });
  const sub = await apiCall<{ state: string }>(dev, 'POST', `/applications/${app.id}/subscriptions`, { plan_id: plan.id, reason: 'e2e: quota alerts' });
  expect(sub.state).toBe('active');
  const { key } = await apiCall<{ key: string }>(dev, 'POST', `/applications/${app.id}/keys`, { name: 'alerts', mode: 'live', api_ids: [], allowed_ips: [] });

  // 17 counted calls of 20: past 80%, short of 90%. Calls before the gateway knows the key are refused and not counted.
  let ok = 0;
  await expect
    .poll(async () => {
      if ((await callGateway(key)).status === 200) ok++;
      return ok;
    }, { timeout: 20_000 })
    .toBeGreaterThan(0);
  while (ok < 17) {
    const answer = await callGateway(key);
    expect(answer.status, JSON.stringify(answer)).toBe(200);
    ok++;
  }

  // The developer's notification centre gets the 80% warning (alerts are checked every few seconds).
  await signIn(page, DEVELOPER);
  await nav(page).getByRole('link', { name: /^Notifications/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  await page.getByLabel('Kind').selectOption({ label: 'Quota warnings' });
  await expect(page).toHaveURL(/kind=quota\.threshold/);
  const warning = page.getByRole('listitem').filter({ hasText: `${appName} used 80% of its Weather quota` });
  await expect(async () => {
    await page.reload();
    await expect(warning).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 90_000, intervals: [3_000] });
  await expect(warning).toContainText(/has made 1[67] of the 20 calls/);
  await expect(warning).toContainText('Unread:');
  await expect(nav(page).getByRole('link', { name: /^Notifications, \d+ unread/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Notifications, \d+ unread$/ })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('quota-warning-notification.png'), fullPage: true });

  // Following it marks it read; the application's Usage tab shows the quota past the 80% mark.
  await warning.getByRole('button', { name: /^Mark “.*” read$/ }).click();
  await expect(warning).not.toContainText('Unread:');
  await page.goto(`/t/acme/applications/${app.id}?tab=usage`);
  const bar = page.getByRole('progressbar', { name: `Quota of Weather (Alerts ${suffix})` });
  await expect(async () => {
    await page.reload();
    await expect(bar).toHaveAttribute('aria-valuetext', '17 of 20 calls (85%)', { timeout: 3_000 });
  }).toPass({ timeout: 30_000, intervals: [2_000] });
  await expect(page.getByText('Over 80% of the quota is used.')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('quota-usage-tab.png'), fullPage: true });
});
