import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { within } from '@testing-library/react';
import { api } from '../../../lib/api';
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

  it('asks before granting the owner role and does nothing when cancelled', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/members': () => json(200, members([owner, dev])),
      'PATCH /tenants/acme/members/u2': () => json(200, { ...dev, role: 'owner' }),
    });
    renderWithProviders(<MembersPage />, { role: 'owner' });
    await userEvent.selectOptions(await screen.findByRole('combobox', { name: 'Role of dev@acme.test' }), 'owner');
    let dialog = screen.getByRole('alertdialog', { name: 'Change role?' });
    expect(dialog).toHaveTextContent('Make dev@acme.test an owner of Acme APIs?');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
    expect(screen.getByRole('combobox', { name: 'Role of dev@acme.test' })).toHaveValue('developer');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Role of dev@acme.test' }), 'owner');
    dialog = screen.getByRole('alertdialog', { name: 'Change role?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Change role' }));
    expect(await screen.findByText('dev@acme.test is now owner.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ role: 'owner' });
  });

  it('changes an ordinary role at once', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/members': () => json(200, members([owner, dev])),
      'PATCH /tenants/acme/members/u2': () => json(200, { ...dev, role: 'billing' }),
    });
    renderWithProviders(<MembersPage />, { role: 'admin' });
    await userEvent.selectOptions(await screen.findByRole('combobox', { name: 'Role of dev@acme.test' }), 'billing');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(await screen.findByText('dev@acme.test is now billing.')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
  });

  it('names leaving as leaving, for oneself', async () => {
    api.acceptTokens({ access_token: 'A', token_type: 'Bearer', expires_in: 900,
      user: { id: 'u1', email: 'owner@acme.test', name: 'Olivia', is_platform_admin: false, created_at: '' } });
    stubFetch({ 'GET /tenants/acme/members': () => json(200, members([owner, dev])) });
    renderWithProviders(<MembersPage />, { role: 'owner' });
    await userEvent.click(await screen.findByRole('button', { name: 'Leave Acme APIs' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Leave Acme APIs?' });
    expect(within(dialog).getByRole('button', { name: 'Leave tenant' })).toBeInTheDocument();
    expect(dialog).not.toHaveTextContent(/remove/i);
  });
});
