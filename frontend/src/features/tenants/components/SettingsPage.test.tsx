import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { api } from '../../../lib/api';
import { json, stubFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { CreateTenantDialog } from './CreateTenantDialog';
import { SettingsPage } from './SettingsPage';

describe('SettingsPage', () => {
  it('lets a developer leave the tenant by deleting their own membership', async () => {
    api.acceptTokens({ access_token: 'A', token_type: 'Bearer', expires_in: 900,
      user: { id: 'u-dev', email: 'dev@acme.test', name: 'Dev', is_platform_admin: false, created_at: '' } });
    const { calls } = stubFetch({
      'DELETE /tenants/acme/members/u-dev': () => new Response(null, { status: 204 }),
      'GET /me': () => json(200, { id: 'u-dev', email: 'dev@acme.test', name: 'Dev', is_platform_admin: false, created_at: '', memberships: [] }),
      'GET /tenants': () => json(200, { items: [], total: 0, limit: 50, offset: 0 }),
    });
    renderWithProviders(<SettingsPage />, { role: 'developer', route: '/t/acme/settings', path: '/t/:tenant/settings' });
    expect(screen.getByText('Only owners and admins can change these settings.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Leave tenant' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Leave Acme APIs?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Leave tenant' }));
    expect(await screen.findByText('Elsewhere')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/tenants/acme/members/u-dev']);
  });
});

describe('CreateTenantDialog', () => {
  it('shows the invited owner’s link once, in the copy-once dialog', async () => {
    const { calls } = stubFetch({
      'POST /tenants': () =>
        json(201, { id: 't9', slug: 'globex', name: 'Globex', allow_signup: false, created_at: '', accept_url: 'http://portal.test/invite/tok123' }),
      'GET /tenants': () => json(200, { items: [], total: 0, limit: 50, offset: 0 }),
    });
    renderWithProviders(<CreateTenantDialog open onClose={() => {}} />);
    const form = screen.getByRole('dialog', { name: 'Create tenant' });
    await userEvent.type(within(form).getByLabelText('Name'), 'Globex');
    await userEvent.type(within(form).getByLabelText('Owner email (optional)'), 'new@globex.test');
    await userEvent.click(within(form).getByRole('button', { name: 'Create tenant' }));
    const created = await screen.findByRole('dialog', { name: 'Tenant Globex was created' });
    expect(within(created).getByLabelText('Owner invitation link')).toHaveValue('http://portal.test/invite/tok123');
    expect(created).toHaveTextContent('new@globex.test has no account yet');
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ slug: 'globex', owner_email: 'new@globex.test' });
  });
});
