import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { AppNotification } from '../../../lib/types';
import { json, stubFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { NotificationsPage } from './NotificationsPage';

const note = (id: string, kind: string, title: string, read = false): AppNotification => ({
  id,
  kind,
  title,
  body: '',
  link: '/subscriptions/sub-1',
  read_at: read ? '2026-11-22T10:00:00Z' : null,
  created_at: '2026-11-22T09:00:00Z',
});

const items = [
  note('1', 'quota.threshold', 'Mobile App used 80% of its Weather quota'),
  note('2', 'subscription.approved', 'Subscription approved', true),
];

const render = (route = '/t/acme/notifications') =>
  renderWithProviders(<NotificationsPage />, { role: 'developer', route, path: '/t/:tenant/notifications' });

describe('NotificationsPage', () => {
  it('lists notifications with their kind, and filters by kind and unread through the URL', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/notifications': (req) => {
        const kind = req.url.searchParams.get('kind');
        const unread = req.url.searchParams.get('unread') === 'true';
        const shown = items.filter((n) => (!kind || n.kind === kind) && (!unread || !n.read_at));
        return json(200, { items: shown, total: shown.length, limit: 20, offset: 0, unread: 1 });
      },
    });
    render('/t/acme/notifications?kind=quota.threshold');
    const list = await screen.findByRole('list');
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(list).toHaveTextContent('Quota warnings ·');
    expect(screen.getByLabelText('Kind')).toHaveValue('quota.threshold');
    expect(calls[0].url.searchParams.get('kind')).toBe('quota.threshold');

    await userEvent.selectOptions(screen.getByLabelText('Kind'), 'All kinds');
    await userEvent.click(screen.getByLabelText('Unread only'));
    await vi.waitFor(() => {
      const q = calls.at(-1)!.url.searchParams;
      expect(q.get('kind')).toBeNull();
      expect(q.get('unread')).toBe('true');
    });
    expect(screen.getByRole('link', { name: 'Preferences' })).toHaveAttribute('href', '/t/acme/notifications/preferences');
  });

  it('says when nothing matches the filters and clears them', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/notifications': () => json(200, { items: [], total: 0, limit: 20, offset: 0, unread: 0 }),
    });
    render('/t/acme/notifications?unread=true&kind=key.expiring');
    expect(await screen.findByText('No notifications match these filters')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await vi.waitFor(() => expect(calls.at(-1)!.url.searchParams.get('unread')).toBeNull());
    expect(await screen.findByText('No notifications yet')).toBeInTheDocument();
  });
});
