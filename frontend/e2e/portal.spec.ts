import { expect, test } from '@playwright/test';
import { OWNER, closeCopyOnce, invitationLink, pathOf, signIn, uniqueSuffix } from './helpers';

test.describe.configure({ mode: 'serial' });

test('a wrong password shows a readable error', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill('not-the-right-password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/email or password is incorrect/i);
  await expect(page).toHaveURL(/\/login/);
});

test('the owner invites a developer, who accepts and appears in the audit log', async ({ page, browser, baseURL }) => {
  const suffix = uniqueSuffix();
  const email = `e2e-${suffix}@example.test`;
  const name = `E2E Dev ${suffix}`;

  await signIn(page, OWNER);
  await expect(page).toHaveURL(/\/t\/acme/);
  const nav = page.getByRole('navigation', { name: 'Main' });

  // Invite as developer.
  await nav.getByRole('link', { name: 'Invitations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Invitations' })).toBeVisible();
  await page.getByRole('button', { name: 'Invite member' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Invite member' });
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Role').selectOption('developer');
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await expect(dialog).toBeHidden();

  // The link is shown once, to share by hand; it is the one the server logged (no SMTP here).
  const link = await closeCopyOnce(page, 'Invitation created', 'Invitation link', 'Copy link');
  expect(link).toContain('/invite/');
  expect(await invitationLink(email)).toBe(link);
  await expect(page.getByRole('cell', { name: email, exact: true })).toBeVisible();

  // Accept in a fresh browser context, as the invitee.
  const invitee = await browser.newContext({ baseURL });
  try {
    const p2 = await invitee.newPage();
    await p2.goto(pathOf(link));
    await expect(p2.getByRole('heading', { name: 'Join Acme APIs' })).toBeVisible();
    await expect(p2.getByText(email)).toBeVisible();
    await expect(p2.getByText('Developer', { exact: true })).toBeVisible();
    await p2.getByLabel('Name').fill(name);
    await p2.getByLabel('Password', { exact: true }).fill('e2e-password-2026');
    await p2.getByLabel('Confirm password').fill('e2e-password-2026');
    await p2.getByRole('button', { name: 'Accept invitation' }).click();
    await expect(p2).toHaveURL(/\/t\/acme$/);
    await expect(p2.getByRole('button', { name: `Account menu for ${name}` })).toBeVisible();
    await expect(p2.getByRole('heading', { level: 1, name: 'Acme APIs' })).toBeVisible();
    // A developer reads but does not manage: no invitations or audit log in the navigation.
    const nav2 = p2.getByRole('navigation', { name: 'Main' });
    await expect(nav2.getByRole('link', { name: 'Members' })).toBeVisible();
    await expect(nav2.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
    await expect(nav2.getByRole('link', { name: 'Invitations' })).toHaveCount(0);
  } finally {
    await invitee.close();
  }

  // Back as the owner: the new member and the audit entries.
  await nav.getByRole('link', { name: 'Members' }).click();
  const memberRow = page.getByRole('row').filter({ hasText: email });
  await expect(memberRow).toBeVisible();
  await expect(memberRow.getByRole('combobox', { name: `Role of ${email}` })).toHaveValue('developer');

  await nav.getByRole('link', { name: 'Audit log' }).click();
  const log = page.getByRole('table', { name: 'Audit log' });
  await expect(log.getByRole('row').filter({ hasText: 'member.add' }).filter({ hasText: name }).first()).toBeVisible();
  await expect(log.getByRole('row').filter({ hasText: 'invitation.accept' }).filter({ hasText: name }).first()).toBeVisible();
  const created = log.getByRole('row').filter({ hasText: 'invitation.create' }).first();
  await expect(created).toBeVisible();
  await created.getByRole('button', { name: 'Show changes of invitation.create' }).click();
  await expect(log.getByText(email).first()).toBeVisible();

  // The filter narrows the log to one kind of action.
  await page.getByLabel('Action').fill('invitation.create');
  await expect(log.getByRole('row').filter({ hasText: 'member.add' })).toHaveCount(0);
  await expect(log.getByRole('row').filter({ hasText: 'invitation.create' }).first()).toBeVisible();
});

test('the session survives a reload and signing out returns to the login page', async ({ page }) => {
  await signIn(page, OWNER);
  await expect(page).toHaveURL(/\/t\/acme/);
  await page.reload();
  await expect(page.getByRole('button', { name: /^Account menu for / })).toBeVisible();

  await page.getByRole('button', { name: /^Account menu for / }).click();
  await page.getByRole('link', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'Sign in to Tollgate' })).toBeVisible();

  // The session is gone on the server too: a protected page sends us back to login.
  await page.goto('/t/acme/members');
  await expect(page).toHaveURL(/\/login\?next=/);
});
