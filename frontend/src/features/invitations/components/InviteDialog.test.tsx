import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { json, problem, stubFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { InviteDialog } from './InviteDialog';

const teams = {
  items: [{ id: 'team-1', slug: 'platform', name: 'Platform', description: '', member_count: 1, created_at: '' }],
  total: 1,
  limit: 200,
  offset: 0,
};

describe('InviteDialog', () => {
  it('shows server field errors next to their fields', async () => {
    stubFetch({
      'GET /tenants/acme/teams': () => json(200, teams),
      'POST /tenants/acme/invitations': () =>
        problem(422, 'validation_failed', 'Validation failed', '1 field is invalid.', [
          { field: 'email', message: 'is already a member of this tenant' },
        ]),
    });
    renderWithProviders(<InviteDialog open onClose={vi.fn()} />, { role: 'owner' });
    const dialog = screen.getByRole('dialog', { name: 'Invite member' });
    await userEvent.type(within(dialog).getByLabelText('Email'), 'dev@acme.test');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send invitation' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('1 field is invalid.');
    expect(within(dialog).getByLabelText('Email')).toHaveAccessibleDescription('Is already a member of this tenant.');
  });

  it('sends email, role and team and closes', async () => {
    const onClose = vi.fn();
    const { calls } = stubFetch({
      'GET /tenants/acme/teams': () => json(200, teams),
      'POST /tenants/acme/invitations': (req) => json(201, { id: 'i1', status: 'pending', ...(req.body as object) }),
    });
    renderWithProviders(<InviteDialog open onClose={onClose} />, { role: 'admin' });
    const dialog = screen.getByRole('dialog', { name: 'Invite member' });
    await userEvent.type(within(dialog).getByLabelText('Email'), 'new@acme.test');
    await userEvent.selectOptions(within(dialog).getByLabelText('Role'), 'billing');
    await within(dialog).findByRole('option', { name: 'Platform' });
    await userEvent.selectOptions(within(dialog).getByLabelText('Team (optional)'), 'team-1');
    expect(within(dialog).getByRole('option', { name: 'Owner' })).toBeDisabled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Send invitation' }));
    await vi.waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      email: 'new@acme.test',
      role: 'billing',
      team_id: 'team-1',
    });
  });

  it('checks the email before sending', async () => {
    const { calls } = stubFetch({ 'GET /tenants/acme/teams': () => json(200, teams) });
    renderWithProviders(<InviteDialog open onClose={vi.fn()} />, { role: 'owner' });
    await userEvent.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter an email address.');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('shows the invitation link once, to copy', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(() => Promise.resolve()) }, configurable: true });
    const onClose = vi.fn();
    stubFetch({
      'GET /tenants/acme/teams': () => json(200, teams),
      'POST /tenants/acme/invitations': () =>
        json(201, { id: 'i1', status: 'pending', email: 'new@acme.test', role: 'developer', accept_url: 'http://portal.test/invite/tok123' }),
    });
    renderWithProviders(<InviteDialog open onClose={onClose} />, { role: 'owner' });
    await userEvent.type(screen.getByLabelText('Email'), 'new@acme.test');
    await userEvent.click(screen.getByRole('button', { name: 'Send invitation' }));
    const once = await screen.findByRole('dialog', { name: 'Invitation created' });
    expect(within(once).getByLabelText('Invitation link')).toHaveValue('http://portal.test/invite/tok123');
    expect(once).toHaveTextContent('We emailed this link to new@acme.test if email is configured; you can also share it yourself.');
    expect(once).toHaveTextContent('It is shown only now');
    expect(onClose).not.toHaveBeenCalled();
    await userEvent.click(within(once).getByRole('button', { name: 'Copy link' }));
    await userEvent.click(within(once).getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalled();
  });
});
