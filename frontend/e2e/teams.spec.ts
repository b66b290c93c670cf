import { expect, test } from '@playwright/test';
import { OWNER, signIn, uniqueSuffix } from './helpers';

test('the owner creates, edits, staffs and deletes a team', async ({ page }) => {
  const suffix = uniqueSuffix();
  const name = `Team ${suffix}`;
  const errors: string[] = [];
  page.on('console', (m) => {
    // Before signing in, restoring the session from a missing refresh cookie is refused with a 401: expected.
    if (m.type() === 'error' && !m.location().url.endsWith('/api/v1/auth/refresh')) {
      errors.push(`${m.text()} (${m.location().url})`);
    }
  });

  await signIn(page, OWNER);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Teams' })).toBeVisible();

  // Create.
  await page.getByRole('button', { name: 'Create team' }).first().click();
  const create = page.getByRole('dialog', { name: 'Create team' });
  await create.getByRole('button', { name: 'Create team' }).click();
  await expect(create.getByLabel('Name')).toHaveAccessibleDescription('Enter a name.');
  await create.getByLabel('Name').fill(name);
  await create.getByLabel('Description (optional)').fill('Made by the browser test');
  await create.getByRole('button', { name: 'Create team' }).click();
  await expect(create).toBeHidden();

  // Search finds it; edit it.
  await page.getByRole('searchbox', { name: 'Search teams' }).fill(suffix);
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: `Edit team ${name}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit team ${name}` });
  await edit.getByLabel('Description (optional)').fill('Edited by the browser test');
  await edit.getByRole('button', { name: 'Save team' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('Edited by the browser test');

  // Add and remove a member.
  await row.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('No members in this team')).toBeVisible();
  await page.getByRole('button', { name: 'Add member' }).first().click();
  const add = page.getByRole('dialog', { name: `Add member to ${name}` });
  await add.getByLabel('Find member').fill('dev@acme.test');
  await expect(add.getByRole('option', { name: /dev@acme\.test/ })).toHaveCount(1);
  await add.getByLabel('Member', { exact: true }).selectOption({ label: (await add.getByRole('option', { name: /dev@acme\.test/ }).textContent()) ?? '' });
  await add.getByRole('button', { name: 'Add to team' }).click();
  await expect(add).toBeHidden();
  await expect(page.getByRole('cell', { name: 'dev@acme.test', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Remove dev@acme.test from the team' }).click();
  const confirmRemove = page.getByRole('alertdialog', { name: 'Remove from team?' });
  await confirmRemove.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText('No members in this team')).toBeVisible();

  // Delete, after confirming.
  await page.getByRole('button', { name: 'Delete team' }).click();
  const confirmDelete = page.getByRole('alertdialog', { name: 'Delete team?' });
  await confirmDelete.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirmDelete).toBeHidden();
  await page.getByRole('button', { name: 'Delete team' }).click();
  await page.getByRole('alertdialog', { name: 'Delete team?' }).getByRole('button', { name: 'Delete team' }).click();
  await expect(page).toHaveURL(/\/t\/acme\/teams$/);
  await page.getByRole('searchbox', { name: 'Search teams' }).fill(suffix);
  await expect(page.getByText('No teams match your search')).toBeVisible();

  // Nothing the Content-Security-Policy or a failed request complained about.
  expect(errors).toEqual([]);
});
