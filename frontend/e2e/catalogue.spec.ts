import { expect, test, type Browser, type Page } from '@playwright/test';
import { DEVELOPER, OWNER, closeCopyOnce, invitationLink, nav, pathOf, signIn, uniqueSuffix } from './helpers';

// A small OpenAPI document in YAML, as a provider would paste it.
const openapiYaml = (title: string) => `openapi: 3.0.3
info:
  title: ${title}
  version: "1.0"
  description: Forecasts by city.
paths:
  /daily:
    get:
      summary: Daily forecast
      parameters:
        - name: city
          in: query
          required: true
          schema:
            type: string
      responses:
        "200":
          description: One entry per day
          content:
            application/json:
              schema:
                type: object
                properties:
                  city:
                    type: string
                  days:
                    type: array
                    items:
                      type: number
`;

async function newSession(browser: Browser, baseURL: string | undefined, who: { email: string; password: string }): Promise<Page> {
  const ctx = await browser.newContext({ baseURL });
  const page = await ctx.newPage();
  await signIn(page, who);
  return page;
}

/** gatewayStatus calls the gateway (when the e2e script says where it is) and returns the status and problem code. */
async function gatewayStatus(page: Page, path: string, key: string): Promise<{ status: number; code: string } | null> {
  const gw = process.env.E2E_GATEWAY_URL;
  if (!gw) return null;
  const res = await page.request.get(`${gw}${path}`, {
    headers: { Authorization: `Bearer ${key}` },
    failOnStatusCode: false,
    timeout: 8000,
  });
  let code = '';
  try {
    code = ((await res.json()) as { code?: string }).code ?? '';
  } catch {
    code = '';
  }
  return { status: res.status(), code };
}

test('a provider publishes an API, a developer subscribes, the owner approves, the developer manages keys', async ({
  page,
  browser,
  baseURL,
}) => {
  const suffix = uniqueSuffix();
  const name = `Forecast ${suffix}`;
  const basePath = `/forecast-${suffix}`;

  // Provider: register the API.
  await signIn(page, OWNER);
  await nav(page).getByRole('link', { name: 'APIs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'APIs' })).toBeVisible();
  await page.getByRole('button', { name: 'Register API' }).first().click();
  const form = page.getByRole('dialog', { name: 'Register API' });
  await form.getByLabel('Owning team').selectOption({ label: 'Platform' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Base path').fill('forecast');
  // Nothing listens there: the gateway answers 502 quickly once a call gets past the key checks.
  await form.getByLabel('Upstream URL').fill('http://127.0.0.1:9');
  await form.getByRole('button', { name: 'Register API' }).click();
  await expect(form.getByLabel('Base path')).toHaveAccessibleDescription('The base path must start with /.');
  await form.getByLabel('Base path').fill(basePath);
  await form.getByLabel('Tags (optional)').fill('weather, e2e');
  await form.getByRole('button', { name: 'Register API' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('Draft', { exact: true }).first()).toBeVisible();
  const apiUrl = page.url();

  // Upload the OpenAPI document: first a broken one, to see the server's problems, then the real one.
  const tabs = page.getByRole('tablist', { name: 'API sections' });
  await tabs.getByRole('tab', { name: 'Docs' }).click();
  await page.getByRole('button', { name: 'Upload OpenAPI' }).first().click();
  const upload = page.getByRole('dialog', { name: 'Upload OpenAPI document' });
  await upload.getByLabel('Or paste the document').fill('openapi: 3.0.3\npaths: {}\n');
  await upload.getByRole('button', { name: 'Save document' }).click();
  await expect(upload.getByRole('alert')).toContainText(/problem|invalid|info/i);
  await upload.getByLabel('Or paste the document').fill(openapiYaml(name));
  await expect(upload.getByLabel('Or paste the document')).toHaveAccessibleDescription('Sent as YAML.');
  await upload.getByRole('button', { name: 'Save document' }).click();
  await expect(upload).toBeHidden();
  const docs = page.getByRole('article', { name: `${name} documentation` });
  await expect(docs).toBeVisible();
  await docs.getByText('/daily').click();
  await expect(docs.getByText('Daily forecast')).toBeVisible();
  await expect(docs.getByRole('table', { name: 'Parameters' })).toContainText('city');

  // Publish, after confirming.
  await tabs.getByRole('tab', { name: 'Overview' }).click();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const publish = page.getByRole('alertdialog', { name: `Publish ${name}?` });
  await publish.getByRole('button', { name: 'Publish' }).click();
  await expect(publish).toBeHidden();
  await expect(page.getByText('Published', { exact: true }).first()).toBeVisible();

  // A plan with manual approval.
  await tabs.getByRole('tab', { name: 'Plans' }).click();
  await page.getByRole('button', { name: 'Create plan' }).first().click();
  const planForm = page.getByRole('dialog', { name: 'Create plan' });
  await planForm.getByLabel('Name').fill('Partner');
  await planForm.getByLabel('Approval').selectOption('manual');
  await planForm.getByLabel('Requests per second').fill('50');
  await planForm.getByRole('button', { name: 'Create plan' }).click();
  await expect(planForm).toBeHidden();
  await expect(page.getByRole('row').filter({ hasText: 'Partner' })).toContainText('Manual approval');

  // Developer: find it in the catalogue and subscribe the Mobile App.
  const dev = await newSession(browser, baseURL, DEVELOPER);
  try {
    await nav(dev).getByRole('link', { name: 'Catalogue' }).click();
    await dev.getByRole('searchbox', { name: 'Search the catalogue' }).fill(suffix);
    await dev.getByRole('link', { name }).click();
    await expect(dev.getByRole('heading', { level: 1, name })).toBeVisible();
    await dev.getByRole('tablist', { name: 'API sections' }).getByRole('tab', { name: 'Plans' }).click();
    await dev.getByRole('button', { name: 'Subscribe to the Partner plan' }).click();
    const sub = dev.getByRole('dialog', { name: `Subscribe to ${name}` });
    await sub.getByLabel('Application').selectOption({ label: 'Mobile App (Mobile)' });
    await sub.getByLabel('Reason').fill('Forecasts on the home screen of the app.');
    await sub.getByRole('button', { name: 'Subscribe' }).click();
    const outcome = dev.getByRole('dialog', { name: 'Subscription requested' });
    await expect(outcome).toContainText('Pending approval');
    await expect(outcome).toContainText('waits for approval by an owner or admin');
    await outcome.getByRole('button', { name: 'Done' }).click();

    // Owner: the request is in the inbox; approve it.
    await nav(page).getByRole('link', { name: 'Approvals' }).click();
    const card = page.getByRole('listitem', { name: `Mobile App → ${name}` });
    await expect(card).toContainText('Manual approval');
    await expect(card).toContainText('Forecasts on the home screen of the app.');
    await expect(card).toContainText('0 of 1 approval');
    await card.getByRole('button', { name: /^Approve/ }).click();
    const approve = page.getByRole('alertdialog', { name: 'Approve request?' });
    await approve.getByLabel('Comment (optional)').fill('Welcome aboard');
    await approve.getByRole('button', { name: 'Approve' }).click();
    await expect(approve).toBeHidden();
    await expect(card).toHaveCount(0);

    // Developer: the subscription is active (the page refreshes its data on its own when revisited).
    await nav(dev).getByRole('link', { name: 'Applications' }).click();
    await dev.getByRole('link', { name: 'Mobile App' }).click();
    const subRow = dev.getByRole('table', { name: 'Subscriptions of Mobile App' }).getByRole('row').filter({ hasText: name });
    await expect(subRow).toContainText('Active');
    await subRow.getByRole('button', { name: `Show the history of ${name}` }).click();
    await expect(dev.getByText('Welcome aboard')).toBeVisible();

    // A key limited to this API: shown once, copied from the dialog.
    await dev.getByRole('button', { name: 'Create key' }).first().click();
    const keyForm = dev.getByRole('dialog', { name: 'Create API key' });
    await keyForm.getByLabel('Name').fill(`e2e ${suffix}`);
    await keyForm.getByLabel(name).check();
    await keyForm.getByRole('button', { name: 'Create key' }).click();
    const key = await closeCopyOnce(dev, 'Copy your new API key', 'API key', 'Copy key');
    expect(key).toMatch(/^tg_live_/);
    const prefix = key.slice(0, 12);
    const keys = dev.getByRole('table', { name: 'API keys of Mobile App' });
    await expect(keys.getByRole('row').filter({ hasText: prefix })).toContainText(`e2e ${suffix}`);

    // Rotate it; the replacement is shown once too.
    await keys.getByRole('button', { name: `Rotate key e2e ${suffix} (${prefix})` }).click();
    const rotate = dev.getByRole('alertdialog', { name: `Rotate key e2e ${suffix}?` });
    await rotate.getByLabel('Overlap').selectOption({ label: '1 hour' });
    await rotate.getByRole('button', { name: 'Rotate key' }).click();
    const newKey = await closeCopyOnce(dev, 'Copy your replacement key', 'API key', 'Copy key');
    expect(newKey).toMatch(/^tg_live_/);
    expect(newKey).not.toBe(key);
    const newPrefix = newKey.slice(0, 12);
    await expect(keys.getByRole('row').filter({ hasText: newPrefix })).toBeVisible();

    // Revoke the old one, after confirming; it leaves the list of active keys.
    await keys.getByRole('button', { name: `Revoke key e2e ${suffix} (${prefix})` }).click();
    const revoke = dev.getByRole('alertdialog', { name: 'Revoke key?' });
    await revoke.getByRole('button', { name: 'Revoke key' }).click();
    await expect(revoke).toBeHidden();
    await expect(keys.getByRole('row').filter({ hasText: prefix })).toHaveCount(0);
    await dev.getByLabel('Show revoked and expired keys').check();
    await expect(keys.getByRole('row').filter({ hasText: prefix })).toContainText('Revoked');

    // The gateway agrees: the revoked key is refused, the new one gets past the key checks.
    const gwPath = `/acme${basePath}/daily?city=Lisbon`;
    if (process.env.E2E_GATEWAY_URL) {
      await expect.poll(async () => (await gatewayStatus(dev, gwPath, key))?.code, { timeout: 10_000 }).toBe('api_key_revoked');
      await expect
        .poll(async () => (await gatewayStatus(dev, gwPath, newKey))?.status, { timeout: 10_000 })
        .not.toBe(401);
      const fresh = await gatewayStatus(dev, gwPath, newKey);
      expect([401, 403]).not.toContain(fresh?.status);
    }
  } finally {
    await dev.context().close();
  }
  expect(apiUrl).toContain('/t/acme/apis/');
});

test('a two-person plan needs two different admins', async ({ page, browser, baseURL }) => {
  const suffix = uniqueSuffix();
  const adminEmail = `admin-${suffix}@example.test`;
  const appName = `E2E App ${suffix}`;

  // A second admin: invited by the owner, who reads the link from the dialog; it matches the server log.
  await signIn(page, OWNER);
  await nav(page).getByRole('link', { name: 'Invitations' }).click();
  await page.getByRole('button', { name: 'Invite member' }).first().click();
  const invite = page.getByRole('dialog', { name: 'Invite member' });
  await invite.getByLabel('Email').fill(adminEmail);
  await invite.getByLabel('Role').selectOption('admin');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  const link = await closeCopyOnce(page, 'Invitation created', 'Invitation link', 'Copy link');
  expect(await invitationLink(adminEmail)).toBe(link);

  const adminCtx = await browser.newContext({ baseURL });
  const admin = await adminCtx.newPage();
  const dev = await newSession(browser, baseURL, DEVELOPER);
  try {
    await admin.goto(pathOf(link));
    await admin.getByLabel('Name').fill(`Second Admin ${suffix}`);
    await admin.getByLabel('Password', { exact: true }).fill('e2e-admin-pass-2026');
    await admin.getByLabel('Confirm password').fill('e2e-admin-pass-2026');
    await admin.getByRole('button', { name: 'Accept invitation' }).click();
    await expect(admin).toHaveURL(/\/t\/acme$/);

    // Developer: a new application asks for the Enterprise plan (two-person approval) of Weather.
    await nav(dev).getByRole('link', { name: 'Applications' }).click();
    await dev.getByRole('button', { name: 'Create application' }).first().click();
    const appForm = dev.getByRole('dialog', { name: 'Create application' });
    await appForm.getByLabel('Team').selectOption({ label: 'Mobile' });
    await appForm.getByLabel('Name').fill(appName);
    await appForm.getByRole('button', { name: 'Create application' }).click();
    await expect(dev.getByRole('heading', { level: 1, name: appName })).toBeVisible();
    await nav(dev).getByRole('link', { name: 'Catalogue' }).click();
    await dev.getByRole('link', { name: 'Weather' }).click();
    await dev.getByRole('tablist', { name: 'API sections' }).getByRole('tab', { name: 'Plans' }).click();
    await dev.getByRole('button', { name: 'Subscribe to the Enterprise plan' }).click();
    const sub = dev.getByRole('dialog', { name: 'Subscribe to Weather' });
    await sub.getByLabel('Application').selectOption({ label: `${appName} (Mobile)` });
    await sub.getByLabel('Reason').fill('Enterprise customers need higher limits.');
    await sub.getByRole('button', { name: 'Subscribe' }).click();
    const outcome = dev.getByRole('dialog', { name: 'Subscription requested' });
    await expect(outcome).toContainText('by two owners or admins');
    await outcome.getByRole('button', { name: 'Done' }).click();

    // First approval (the owner): still pending, 1 of 2.
    await nav(page).getByRole('link', { name: 'Approvals' }).click();
    const card = page.getByRole('listitem', { name: `${appName} → Weather` });
    await expect(card).toContainText('Two-person approval');
    await expect(card).toContainText('0 of 2 approvals');
    await card.getByRole('button', { name: /^Approve/ }).click();
    let dialog = page.getByRole('alertdialog', { name: 'Approve request?' });
    await expect(dialog).toContainText('This is approval 1 of 2');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await expect(dialog).toBeHidden();
    await expect(card).toContainText('1 of 2 approvals');
    await expect(card).toContainText('You approved this');

    // Approving twice is refused, readably.
    await card.getByRole('button', { name: /^Approve/ }).click();
    dialog = page.getByRole('alertdialog', { name: 'Approve request?' });
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await expect(dialog.getByRole('alert')).toContainText('two different owners or admins');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The developer sees it waiting.
    await nav(dev).getByRole('link', { name: 'Applications' }).click();
    await dev.getByRole('link', { name: appName }).click();
    const devRow = dev.getByRole('table', { name: `Subscriptions of ${appName}` }).getByRole('row').filter({ hasText: 'Weather' });
    await expect(devRow).toContainText('Pending approval');
    await expect(devRow).toContainText('1 of 2 approvals');

    // Second approval (the new admin) completes it: Enterprise is paid, so it now waits for payment.
    await nav(admin).getByRole('link', { name: 'Approvals' }).click();
    const card2 = admin.getByRole('listitem', { name: `${appName} → Weather` });
    await expect(card2).toContainText('1 of 2 approvals');
    await card2.getByRole('button', { name: /^Approve/ }).click();
    const dialog2 = admin.getByRole('alertdialog', { name: 'Approve request?' });
    await dialog2.getByRole('button', { name: 'Approve' }).click();
    await expect(dialog2).toBeHidden();
    await expect(card2).toHaveCount(0);

    await dev.reload();
    await expect(devRow).toContainText(/Pending payment|Active/);
  } finally {
    await adminCtx.close();
    await dev.context().close();
  }
});
