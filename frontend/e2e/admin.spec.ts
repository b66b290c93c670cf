import { expect, test } from '@playwright/test';
import { signIn, uniqueSuffix } from './helpers';

const ADMIN = { email: 'admin@tollgate.local', password: 'tollgate-admin-demo' };

test('a platform admin creates a tenant and can switch to it', async ({ page }) => {
  const suffix = uniqueSuffix();
  await signIn(page, ADMIN);
  await page.goto('/admin/tenants');
  await expect(page.getByRole('heading', { level: 1, name: 'Tenants' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Acme APIs' })).toBeVisible();

  await page.getByRole('button', { name: 'Create tenant' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create tenant' });
  await dialog.getByLabel('Name').fill(`Globex ${suffix}`);
  await expect(dialog.getByLabel('Slug')).toHaveValue(`globex-${suffix}`);
  await dialog.getByRole('button', { name: 'Create tenant' }).click();
  await expect(dialog).toBeHidden();

  await page.getByLabel('Tenant', { exact: true }).selectOption({ label: `Globex ${suffix}` });
  await expect(page).toHaveURL(new RegExp(`/t/globex-${suffix}$`));
  await expect(page.getByRole('heading', { level: 1, name: `Globex ${suffix}` })).toBeVisible();
});

test('anyone can sign up to a tenant that allows it', async ({ page }) => {
  const suffix = uniqueSuffix();
  await page.goto('/login?tenant=acme');
  await expect(page.getByRole('heading', { name: 'Sign in to Acme APIs' })).toBeVisible();
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(/\/t\/acme\/signup$/);
  await page.getByLabel('Name').fill(`Signup ${suffix}`);
  await page.getByLabel('Email').fill(`signup-${suffix}@example.test`);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription('Use at least 10 characters.');
  await page.getByLabel('Password').fill('signup-password-2026');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/t\/acme$/);
  await expect(page.getByRole('button', { name: `Account menu for Signup ${suffix}` })).toBeVisible();
});
