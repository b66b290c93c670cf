import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiKey } from '../../../lib/types';
import { json, problem, stubFetch } from '../../../test/fetch';
import { list } from '../../../test/data';
import { renderWithProviders } from '../../../test/render';
import { KeysSection } from './KeysSection';

const app = { id: 'app-1', team_id: 'team-m', team_name: 'Mobile', name: 'Mobile App', description: '', created_at: '', updated_at: '' };
const key = (over: Partial<ApiKey> = {}): ApiKey => ({
  id: 'k1',
  application_id: 'app-1',
  name: 'demo',
  prefix: 'tg_live_AbCd',
  mode: 'live',
  api_ids: [],
  allowed_ips: [],
  expires_at: null,
  revoked_at: null,
  last_used_at: null,
  rotated_from_id: null,
  created_by: null,
  created_at: '2026-11-20T09:00:00Z',
  status: 'active',
  ...over,
});

beforeEach(() => {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(() => Promise.resolve()) }, configurable: true });
});

describe('KeysSection', () => {
  it('creates a key and shows its plaintext once', async () => {
    let keys = [key()];
    const { calls } = stubFetch({
      'GET /tenants/acme/applications/app-1/keys': () => json(200, list(keys)),
      'POST /tenants/acme/applications/app-1/keys': (req) => {
        const created = key({ id: 'k2', name: 'backend', prefix: 'tg_live_WxYz', api_ids: ['api-1'] });
        keys = [...keys, created];
        expect(req.body).toEqual({ name: 'backend', mode: 'live', api_ids: ['api-1'], allowed_ips: ['203.0.113.0/24'] });
        return json(201, { ...created, key: 'tg_live_WxYzSECRET_abc123' });
      },
    });
    renderWithProviders(<KeysSection app={app} apis={[{ id: 'api-1', name: 'Weather' }]} />, { role: 'developer' });
    expect(await screen.findByRole('cell', { name: /tg_live_AbCd… Live/ })).toHaveTextContent('demo');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    const dialog = screen.getByRole('dialog', { name: 'Create API key' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'backend');
    await userEvent.click(within(dialog).getByLabelText('Weather'));
    await userEvent.type(within(dialog).getByLabelText('Allowed IP addresses (optional)'), '203.0.113.0/24');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create key' }));

    const once = await screen.findByRole('dialog', { name: 'Copy your new API key' });
    expect(within(once).getByLabelText('API key')).toHaveValue('tg_live_WxYzSECRET_abc123');
    expect(once).toHaveTextContent('you will not see it again');
    await userEvent.click(within(once).getByRole('button', { name: 'Copy key' }));
    await userEvent.click(within(once).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // The key is gone from the page; only its prefix is listed.
    expect(screen.queryByDisplayValue('tg_live_WxYzSECRET_abc123')).not.toBeInTheDocument();
    expect(await screen.findByRole('cell', { name: /tg_live_WxYz… Live/ })).toHaveTextContent('backend');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('checks IP addresses before sending', async () => {
    const { calls } = stubFetch({ 'GET /tenants/acme/applications/app-1/keys': () => json(200, list([])) });
    renderWithProviders(<KeysSection app={app} apis={[]} />, { role: 'developer' });
    await userEvent.click((await screen.findAllByRole('button', { name: 'Create key' }))[0]);
    const dialog = screen.getByRole('dialog', { name: 'Create API key' });
    await userEvent.type(within(dialog).getByLabelText('Name'), 'x');
    await userEvent.type(within(dialog).getByLabelText('Allowed IP addresses (optional)'), 'not-an-ip');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(within(dialog).getByLabelText('Allowed IP addresses (optional)')).toHaveAccessibleDescription(
      'not-an-ip is not an IP address or CIDR range.',
    );
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('rotates with the chosen overlap and shows the new key once', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/applications/app-1/keys': () => json(200, list([key()])),
      'POST /tenants/acme/applications/app-1/keys/k1/rotate': () =>
        json(201, { ...key({ id: 'k3', prefix: 'tg_live_NeW1', rotated_from_id: 'k1' }), key: 'tg_live_NeW1rest_xyz' }),
    });
    renderWithProviders(<KeysSection app={app} apis={[]} />, { role: 'developer' });
    await userEvent.click(await screen.findByRole('button', { name: 'Rotate key demo (tg_live_AbCd)' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Rotate key demo?' });
    await userEvent.selectOptions(within(dialog).getByLabelText('Overlap'), '1 hour');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Rotate key' }));
    const once = await screen.findByRole('dialog', { name: 'Copy your replacement key' });
    expect(within(once).getByLabelText('API key')).toHaveValue('tg_live_NeW1rest_xyz');
    expect(once).toHaveTextContent('The old key tg_live_AbCd keeps working until');
    expect(calls.find((c) => c.path.endsWith('/rotate'))?.body).toEqual({ overlap_seconds: 3600 });
  });

  it('asks before revoking and shows a refusal', async () => {
    stubFetch({
      'GET /tenants/acme/applications/app-1/keys': () => json(200, list([key()])),
      'POST /tenants/acme/applications/app-1/keys/k1/revoke': () => problem(409, 'conflict', 'Conflict', 'The key is already revoked.'),
    });
    renderWithProviders(<KeysSection app={app} apis={[]} />, { role: 'developer' });
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke key demo (tg_live_AbCd)' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Revoke key?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The key is already revoked.');
  });
});
