import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebhookEndpoint } from '../../../lib/types';
import { json, problem, stubFetch } from '../../../test/fetch';
import { list } from '../../../test/data';
import { renderWithProviders } from '../../../test/render';
import { WebhooksPage } from './WebhooksPage';

const endpoint = (over: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: 'wh-1',
  url: 'https://hooks.example.com/tollgate',
  description: 'Ops channel',
  events: [],
  team_id: 'team-m',
  enabled: true,
  status: 'active',
  failure_count: 0,
  last_delivery_at: null,
  last_status: null,
  created_at: '2026-11-22T09:00:00Z',
  ...over,
});

const teams = list([
  { id: 'team-m', slug: 'mobile', name: 'Mobile', description: '', member_count: 2, created_at: '' },
  { id: 'team-p', slug: 'platform', name: 'Platform', description: '', member_count: 3, created_at: '' },
]);

const render = (role: 'owner' | 'developer' = 'developer', teamIds = ['team-m']) =>
  renderWithProviders(<WebhooksPage />, { role, teamIds, route: '/t/acme/settings/webhooks', path: '/t/:tenant/settings/webhooks' });

beforeEach(() => {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(() => Promise.resolve()) }, configurable: true });
});

describe('WebhooksPage', () => {
  it('adds an endpoint for the developer’s team and shows its secret once', async () => {
    let endpoints: WebhookEndpoint[] = [];
    const { calls } = stubFetch({
      'GET /tenants/acme/webhook-endpoints': () => json(200, { items: endpoints }),
      'GET /tenants/acme/teams': () => json(200, teams),
      'POST /tenants/acme/webhook-endpoints': (req) => {
        const created = endpoint({ events: ['quota.threshold'] });
        endpoints = [created];
        expect(req.body).toEqual({ url: 'https://hooks.example.com/tollgate', description: 'Ops channel', events: ['quota.threshold'], team_id: 'team-m' });
        return json(201, { endpoint: created, secret: 'tgwh_SECRET123' });
      },
    });
    render();
    expect(await screen.findByText('No webhook endpoints yet')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Add endpoint' }));
    const dialog = screen.getByRole('dialog', { name: 'Add webhook endpoint' });
    // The developer's only team is chosen for them; other teams are not offered.
    expect(within(dialog).getByLabelText('Team')).toHaveValue('team-m');
    expect(within(dialog).queryByRole('option', { name: 'Platform' })).not.toBeInTheDocument();
    await userEvent.type(within(dialog).getByLabelText('URL'), 'https://hooks.example.com/tollgate');
    await userEvent.type(within(dialog).getByLabelText('Description (optional)'), 'Ops channel');
    await userEvent.click(within(dialog).getByLabelText('Only these events'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add endpoint' }));
    expect(within(dialog).getByText('Choose at least one event, or send every event.')).toBeInTheDocument();
    await userEvent.click(within(dialog).getByLabelText('Quota warnings'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add endpoint' }));

    const once = await screen.findByRole('dialog', { name: 'Copy the signing secret' });
    expect(within(once).getByLabelText('Signing secret')).toHaveValue('tgwh_SECRET123');
    await userEvent.click(within(once).getByRole('button', { name: 'Copy secret' }));
    await userEvent.click(within(once).getByRole('button', { name: 'Done' }));
    const table = await screen.findByRole('table', { name: 'Webhook endpoints' });
    expect(table).toHaveTextContent('Quota warnings');
    expect(table).toHaveTextContent('Mobile');
    expect(screen.queryByDisplayValue('tgwh_SECRET123')).not.toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('shows the server’s refusal of a private address under the URL', async () => {
    stubFetch({
      'GET /tenants/acme/webhook-endpoints': () => json(200, { items: [] }),
      'GET /tenants/acme/teams': () => json(200, teams),
      'POST /tenants/acme/webhook-endpoints': () =>
        problem(422, 'validation_failed', 'Validation failed', '1 field is invalid', [
          { field: 'url', message: 'resolves to a loopback or private address; webhooks go to public addresses only' },
        ]),
    });
    render('owner', []);
    await userEvent.click(await screen.findByRole('button', { name: 'Add endpoint' }));
    const dialog = screen.getByRole('dialog', { name: 'Add webhook endpoint' });
    expect(within(dialog).getByLabelText('Team')).toHaveValue('');
    expect(within(dialog).getByRole('option', { name: 'Tenant-wide' })).toBeInTheDocument();
    await userEvent.type(within(dialog).getByLabelText('URL'), 'http://127.0.0.1/hook');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add endpoint' }));
    expect(await within(dialog).findByText(/Resolves to a loopback or private address/)).toBeInTheDocument();
    expect(within(dialog).getByLabelText('URL')).toHaveAttribute('aria-invalid', 'true');
  });

  it('sends a test event and says how it went', async () => {
    stubFetch({
      'GET /tenants/acme/webhook-endpoints': () => json(200, { items: [endpoint({ status: 'failing', failure_count: 3 })] }),
      'GET /tenants/acme/teams': () => json(200, teams),
      'POST /tenants/acme/webhook-endpoints/wh-1/test': () =>
        json(200, { id: 'd1', event_id: 'e1', kind: 'test', status: 'retrying', attempts: 1, response_status: 500, error: '', created_at: '', delivered_at: null, next_attempt_at: null }),
    });
    render();
    const table = await screen.findByRole('table', { name: 'Webhook endpoints' });
    expect(table).toHaveTextContent('Failing (3 in a row)');
    await userEvent.click(within(table).getByRole('button', { name: 'Send test event to https://hooks.example.com/tollgate' }));
    expect(await screen.findByText('The test event was not delivered: the endpoint answered 500. Tollgate will try again.')).toBeInTheDocument();
  });

  it('edits the events and whether the endpoint is enabled', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/webhook-endpoints': () => json(200, { items: [endpoint()] }),
      'GET /tenants/acme/teams': () => json(200, teams),
      'PATCH /tenants/acme/webhook-endpoints/wh-1': () => json(200, endpoint({ enabled: false })),
    });
    render();
    await userEvent.click(await screen.findByRole('button', { name: 'Edit https://hooks.example.com/tollgate' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit webhook endpoint' });
    expect(within(dialog).queryByLabelText('Team')).not.toBeInTheDocument();
    await userEvent.click(within(dialog).getByLabelText('Enabled'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save endpoint' }));
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      url: 'https://hooks.example.com/tollgate',
      description: 'Ops channel',
      events: [],
      enabled: false,
    });
  });

  it('deletes an endpoint only after confirming', async () => {
    let endpoints = [endpoint()];
    const { calls } = stubFetch({
      'GET /tenants/acme/webhook-endpoints': () => json(200, { items: endpoints }),
      'GET /tenants/acme/teams': () => json(200, teams),
      'DELETE /tenants/acme/webhook-endpoints/wh-1': () => {
        endpoints = [];
        return json(204, null);
      },
    });
    render();
    await userEvent.click(await screen.findByRole('button', { name: 'Delete https://hooks.example.com/tollgate' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete webhook endpoint?' });
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(0);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Delete endpoint' }));
    expect(await screen.findByText('No webhook endpoints yet')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
  });

  it('documents the signature with a snippet', async () => {
    stubFetch({
      'GET /tenants/acme/webhook-endpoints': () => json(200, { items: [] }),
      'GET /tenants/acme/teams': () => json(200, teams),
    });
    render();
    const help = await screen.findByRole('region', { name: 'Verifying deliveries' });
    expect(help).toHaveTextContent('Tollgate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>');
    expect(help).toHaveTextContent("createHmac('sha256', secret)");
  });

  it('is not for members of no team', () => {
    stubFetch({});
    render('developer', []);
    expect(screen.getByText('No access')).toBeInTheDocument();
  });
});
