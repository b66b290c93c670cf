import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { DEVELOPER, closeCopyOnce, nav, signIn, uniqueSuffix } from './helpers';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** receiver listens on a free loopback port, as a team's server would, and keeps what Tollgate posts to it. */
async function receiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { received, port, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** verify checks a Tollgate-Signature header as the webhooks page tells teams to. */
function verify(secret: string, header: string, body: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex');
  return parts.v1 === expected && Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
}

test('a developer registers a webhook endpoint for their team and receives a signed test event', async ({ page }) => {
  // Outside production, endpoints may be on loopback addresses: the test itself is the team's server.
  const hook = await receiver();
  const suffix = uniqueSuffix();
  const url = `http://127.0.0.1:${hook.port}/hooks/${suffix}`;
  try {
    await signIn(page, DEVELOPER);
    await nav(page).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Verifying deliveries' })).toContainText('Tollgate-Signature: t=');

    // Register it for the Mobile team, for quota warnings only; the secret is shown once.
    await page.getByRole('button', { name: 'Add endpoint' }).first().click();
    const form = page.getByRole('dialog', { name: 'Add webhook endpoint' });
    await form.getByLabel('URL').fill(url);
    await form.getByLabel('Description (optional)').fill(`e2e ${suffix}`);
    await form.getByLabel('Team').selectOption({ label: 'Mobile' });
    await form.getByLabel('Only these events').check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(form.getByText('Choose at least one event, or send every event.')).toBeVisible();
    await form.getByLabel('Quota warnings').check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await closeCopyOnce(page, 'Copy the signing secret', 'Signing secret', 'Copy secret');
    expect(secret).toMatch(/^tgwh_/);

    const row = page.getByRole('row').filter({ hasText: `e2e ${suffix}` });
    await expect(row).toContainText('Mobile');
    await expect(row).toContainText('Quota warnings');
    await expect(row).toContainText('Active');

    // A test event arrives, signed with the secret.
    await row.getByRole('button', { name: `Send test event to ${url}` }).click();
    await expect(page.getByText('The test event was delivered: the endpoint answered 204.')).toBeVisible();
    expect(hook.received).toHaveLength(1);
    const [delivery] = hook.received;
    expect(delivery.headers['content-type']).toContain('application/json');
    expect(verify(secret, String(delivery.headers['tollgate-signature']), delivery.body)).toBe(true);
    expect(JSON.parse(delivery.body)).toMatchObject({ type: 'test' });

    // Its page lists the delivery with the status the endpoint answered.
    await row.getByRole('link', { name: url }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Webhook endpoint' })).toBeVisible();
    const deliveries = page.getByRole('table', { name: `Deliveries to ${url}` });
    await expect(deliveries.getByRole('row').nth(1)).toContainText('Test event');
    await expect(deliveries.getByRole('row').nth(1)).toContainText('Delivered');
    await expect(deliveries.getByRole('row').nth(1)).toContainText('204');

    // Disabled, then deleted after confirming.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('dialog', { name: 'Edit webhook endpoint' });
    await edit.getByLabel('Enabled').uncheck();
    await edit.getByRole('button', { name: 'Save endpoint' }).click();
    await expect(edit).toBeHidden();
    await expect(page.getByRole('region', { name: 'Endpoint' })).toContainText('Disabled');
    await page.getByRole('button', { name: 'Delete endpoint' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete webhook endpoint?' });
    await confirm.getByRole('button', { name: 'Delete endpoint' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: `e2e ${suffix}` })).toHaveCount(0);
  } finally {
    await hook.close();
  }
});
