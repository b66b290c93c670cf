import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { AuditPage } from './AuditPage';

const owner = { id: 'u1', email: 'owner@acme.test', name: 'Olivia' };
const entry = {
  id: 7,
  actor: owner,
  action: 'team.update',
  target_type: 'team',
  target_id: '01a2011f-c399-7dc6-97f7-ab70612f539b',
  before: { name: 'Platform' },
  after: { name: 'Platform team' },
  request_id: 'req-9',
  ip: '127.0.0.1',
  created_at: '2026-11-22T02:39:49Z',
};

describe('AuditPage', () => {
  it('expands an entry to show the object before and after', async () => {
    stubFetch({
      'GET /tenants/acme/audit': () => json(200, { items: [entry], total: 1, limit: 25, offset: 0 }),
      'GET /tenants/acme/members': () => json(200, { items: [], total: 0, limit: 200, offset: 0 }),
    });
    renderWithProviders(<AuditPage />, { role: 'admin' });
    const table = await screen.findByRole('table', { name: 'Audit log' });
    expect(within(table).getByRole('cell', { name: 'Olivia' })).toBeInTheDocument();
    const toggle = within(table).getByRole('button', { name: 'Show changes of team.update' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(within(table).getByRole('button', { name: 'Hide changes of team.update' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    const [before, after] = within(table).getAllByText(/"name"/);
    expect(before).toHaveTextContent('{ "name": "Platform" }');
    expect(after).toHaveTextContent('{ "name": "Platform team" }');
  });

  it('sends the action and actor filters to the server', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/audit': () => json(200, { items: [], total: 0, limit: 25, offset: 0 }),
      'GET /tenants/acme/members': () =>
        json(200, { items: [{ user_id: 'u1', email: 'owner@acme.test', name: 'Olivia', role: 'owner', joined_at: '' }], total: 1, limit: 200, offset: 0 }),
    });
    renderWithProviders(<AuditPage />, { role: 'owner' });
    expect(await screen.findByText('No audit entries yet')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Actor'), await screen.findByRole('option', { name: 'Olivia (owner@acme.test)' }));
    await userEvent.type(screen.getByLabelText('Action'), 'team');
    await screen.findByText('No entries match your filters');
    await vi.waitFor(() => {
      const last = calls.filter((c) => c.path === '/tenants/acme/audit').at(-1);
      expect(last?.url.searchParams.get('action')).toBe('team');
      expect(last?.url.searchParams.get('actor_id')).toBe('u1');
    });
  });

  it('tells developers they have no access', () => {
    const { calls } = stubFetch({});
    renderWithProviders(<AuditPage />, { role: 'developer' });
    expect(screen.getByRole('alert')).toHaveTextContent('Only owners and admins of this tenant can see the audit log.');
    expect(calls).toHaveLength(0);
  });
});
