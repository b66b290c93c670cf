import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { json, problem, stubFetch } from '../../../test/fetch';
import { list } from '../../../test/data';
import { renderWithProviders } from '../../../test/render';
import { AddTeamMemberDialog } from './AddTeamMemberDialog';
import { TeamFormDialog } from './TeamFormDialog';

describe('TeamFormDialog', () => {
  it('drops a field error as soon as the field changes, and the summary with it', async () => {
    stubFetch({
      'POST /tenants/acme/teams': () =>
        problem(422, 'validation_failed', 'Validation failed', '1 field is invalid.', [
          { field: 'name', message: 'must be at most 100 characters long' },
        ]),
    });
    renderWithProviders(<TeamFormDialog open onClose={vi.fn()} />, { role: 'owner' });
    const dialog = screen.getByRole('dialog', { name: 'Create team' });
    const name = within(dialog).getByLabelText('Name');
    await userEvent.type(name, 'Too long');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create team' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('1 field is invalid.');
    expect(name).toHaveAccessibleDescription('Must be at most 100 characters long.');
    await userEvent.type(name, 'x');
    expect(name).not.toHaveAttribute('aria-invalid');
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('forgets the server answer when the next submit fails the client check', async () => {
    stubFetch({ 'POST /tenants/acme/teams': () => problem(409, 'conflict', 'Conflict', 'A team with this slug already exists.') });
    renderWithProviders(<TeamFormDialog open onClose={vi.fn()} />, { role: 'owner' });
    const dialog = screen.getByRole('dialog', { name: 'Create team' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Mobile');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create team' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('A team with this slug already exists.');
    await userEvent.clear(within(dialog).getByLabelText('Name'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create team' }));
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(dialog).getByLabelText('Name')).toHaveAccessibleDescription('Enter a name.');
  });
});

describe('AddTeamMemberDialog', () => {
  it('offers only tenant members who are not in the team yet', async () => {
    const team = { id: 'team-1', slug: 'mobile', name: 'Mobile', description: '', member_count: 1, created_at: '' };
    stubFetch({
      'GET /tenants/acme/members': () =>
        json(200, list([
          { user_id: 'u1', email: 'owner@acme.test', name: 'Olivia', role: 'owner', joined_at: '' },
          { user_id: 'u2', email: 'dev@acme.test', name: 'Dev', role: 'developer', joined_at: '' },
        ])),
      'GET /tenants/acme/teams/team-1/members': () => json(200, list([{ user_id: 'u2', email: 'dev@acme.test', name: 'Dev', added_at: '' }])),
    });
    renderWithProviders(<AddTeamMemberDialog open team={team} onClose={vi.fn()} />, { role: 'owner' });
    const select = screen.getByLabelText('Member');
    await within(select).findByRole('option', { name: 'Olivia (owner@acme.test)' });
    await vi.waitFor(() => expect(within(select).queryByRole('option', { name: /dev@acme\.test/ })).not.toBeInTheDocument());
    expect(select).toHaveAccessibleDescription('1 member found (1 already in the team not shown).');
  });
});
