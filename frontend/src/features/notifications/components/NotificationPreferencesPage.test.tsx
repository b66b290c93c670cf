import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { NotificationPreference } from '../../../lib/types';
import { json, problem, stubFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { NotificationPreferencesPage } from './NotificationPreferencesPage';

const prefs = (): NotificationPreference[] => [
  { kind: 'quota.threshold', label: 'Quota warnings', description: 'Usage reached 80%, 90% or 100% of a plan’s quota.', portal: true, email: true },
  { kind: 'subscription.approved', label: 'Subscription approved', description: 'A subscription request was approved.', portal: true, email: false },
];

const render = () => renderWithProviders(<NotificationPreferencesPage />, { role: 'developer', route: '/t/acme/notifications/preferences', path: '/t/:tenant/notifications/preferences' });

describe('NotificationPreferencesPage', () => {
  it('toggles a kind’s channels and saves every kind', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/notification-preferences': () => json(200, { items: prefs() }),
      'PUT /tenants/acme/notification-preferences': (req) => {
        const items = (req.body as { items: { kind: string; portal: boolean; email: boolean }[] }).items;
        return json(200, { items: prefs().map((p) => ({ ...p, ...items.find((i) => i.kind === p.kind) })) });
      },
    });
    render();
    const email = await screen.findByRole('checkbox', { name: 'Quota warnings: by email' });
    expect(email).toBeChecked();
    const save = screen.getByRole('button', { name: 'Save preferences' });
    expect(save).toBeDisabled();
    await userEvent.click(email);
    expect(screen.getByText('1 kind changed, not saved yet.')).toBeInTheDocument();
    await userEvent.click(save);
    expect(await screen.findByText('Your notification preferences were saved.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      items: [
        { kind: 'quota.threshold', portal: true, email: false },
        { kind: 'subscription.approved', portal: true, email: false },
      ],
    });
    expect(screen.getByRole('checkbox', { name: 'Quota warnings: by email' })).not.toBeChecked();
    expect(screen.getByRole('button', { name: 'Save preferences' })).toBeDisabled();
  });

  it('turns a channel on or off for every kind, and discards changes', async () => {
    stubFetch({ 'GET /tenants/acme/notification-preferences': () => json(200, { items: prefs() }) });
    render();
    const all = await screen.findByRole('checkbox', { name: 'By email: every kind' });
    expect(all).not.toBeChecked();
    expect((all as HTMLInputElement).indeterminate).toBe(true);
    await userEvent.click(all);
    expect(screen.getByRole('checkbox', { name: 'Subscription approved: by email' })).toBeChecked();
    expect(screen.getByText('1 kind changed, not saved yet.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('checkbox', { name: 'In the portal: every kind' }));
    const table = screen.getByRole('table');
    expect(within(table).getAllByRole('checkbox', { checked: false })).toHaveLength(3);
    await userEvent.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(screen.getByRole('checkbox', { name: 'Subscription approved: by email' })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Quota warnings: in the portal' })).toBeChecked();
  });

  it('shows why saving failed', async () => {
    stubFetch({
      'GET /tenants/acme/notification-preferences': () => json(200, { items: prefs() }),
      'PUT /tenants/acme/notification-preferences': () =>
        problem(422, 'validation_failed', 'Validation failed', '1 field is invalid', [{ field: 'items[0].kind', message: '"x" is not a kind of notification' }]),
    });
    render();
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Quota warnings: by email' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save preferences' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('items[0].kind: "x" is not a kind of notification');
  });

  it('shows an error when the preferences cannot be loaded', async () => {
    stubFetch({ 'GET /tenants/acme/notification-preferences': () => problem(500, 'internal', 'Internal error') });
    render();
    expect(await screen.findByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
