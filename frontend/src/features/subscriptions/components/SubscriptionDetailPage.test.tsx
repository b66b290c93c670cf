import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, stubFetch } from '../../../test/fetch';
import { olivia, subscription } from '../../../test/data';
import { renderWithProviders } from '../../../test/render';
import { SubscriptionDetailPage } from './SubscriptionDetailPage';

const events = {
  items: [
    { id: 1, event: 'request', from_state: '', to_state: 'active', actor: olivia, reason: 'Show the weather.', created_at: '2026-11-20T09:00:00Z' },
  ],
};

describe('SubscriptionDetailPage', () => {
  it('lets an admin revoke only with a reason, after confirming', async () => {
    let sub = subscription();
    const { calls } = stubFetch({
      'GET /tenants/acme/subscriptions/sub-1': () => json(200, sub),
      'GET /tenants/acme/subscriptions/sub-1/events': () => json(200, events),
      'POST /tenants/acme/subscriptions/sub-1/revoke': () => {
        sub = { ...sub, state: 'revoked' };
        return json(200, sub);
      },
    });
    renderWithProviders(<SubscriptionDetailPage />, { role: 'admin', route: '/s/sub-1', path: '/s/:subId' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Mobile App → Weather' })).toBeInTheDocument();
    expect(await screen.findByText('“Show the weather.”')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Revoke' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Revoke subscription?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(within(dialog).getByLabelText('Reason')).toHaveAccessibleDescription("Give a reason; the application's team reads it.");
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'Abuse of the free tier');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByText('The subscription of Mobile App to Weather was revoked.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ reason: 'Abuse of the free tier' });
    expect(await screen.findAllByText('Revoked')).not.toHaveLength(0);
  });

  it('shows the application team no admin actions but lets it cancel', async () => {
    stubFetch({
      'GET /tenants/acme/subscriptions/sub-1': () => json(200, subscription()),
      'GET /tenants/acme/subscriptions/sub-1/events': () => json(200, events),
    });
    renderWithProviders(<SubscriptionDetailPage />, { role: 'developer', route: '/s/sub-1', path: '/s/:subId' });
    expect(await screen.findByRole('button', { name: 'Cancel subscription' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Revoke' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Suspend' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: '← Mobile App' })).toHaveAttribute('href', '/t/acme/applications/app-1');
  });
});
