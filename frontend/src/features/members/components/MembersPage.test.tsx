import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, stubFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { MembersPage } from './MembersPage';

const members = (items: object[]) => ({ items, total: items.length, limit: 20, offset: 0 });
const owner = { user_id: 'u1', email: 'owner@acme.test', name: 'Olivia', role: 'owner', joined_at: '' };
const dev = { user_id: 'u2', email: 'dev@acme.test', name: 'Dev', role: 'developer', joined_at: '' };

describe('MembersPage', () => {
  it('shows the empty state when nobody matches', async () => {
    stubFetch({ 'GET /tenants/acme/members': () => json(200, members([])) });
    renderWithProviders(<MembersPage />, { role: 'owner' });
    expect(await screen.findByText('No members yet')).toBeInTheDocument();
  });

  it('lets developers read but not manage', async () => {
    stubFetch({ 'GET /tenants/acme/members': () => json(200, members([owner, dev])) });
    renderWithProviders(<MembersPage />, { role: 'developer' });
    expect(await screen.findByRole('cell', { name: 'dev@acme.test' })).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: /Role of/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Remove/ })).not.toBeInTheDocument();
  });

  it('asks before removing a member and refreshes the list', async () => {
    let list = [owner, dev];
    stubFetch({
      'GET /tenants/acme/members': () => json(200, members(list)),
      'DELETE /tenants/acme/members/u2': () => {
        list = [owner];
        return json(204, null);
      },
    });
    renderWithProviders(<MembersPage />, { role: 'admin' });
    await userEvent.click(await screen.findByRole('button', { name: 'Remove dev@acme.test' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Remove member?' });
    expect(dialog).toHaveTextContent('Remove dev@acme.test from Acme APIs?');
    await userEvent.click(screen.getByRole('button', { name: 'Remove member' }));
    await screen.findByText('dev@acme.test was removed from Acme APIs.');
    expect(screen.queryByRole('cell', { name: 'dev@acme.test' })).not.toBeInTheDocument();
  });

  it('does not let an admin change an owner', async () => {
    stubFetch({ 'GET /tenants/acme/members': () => json(200, members([owner, dev])) });
    renderWithProviders(<MembersPage />, { role: 'admin' });
    expect(await screen.findByRole('combobox', { name: 'Role of dev@acme.test' })).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Role of owner@acme.test' })).not.toBeInTheDocument();
  });
});
