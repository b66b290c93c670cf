import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppNotification } from '../../../lib/types';
import { json, stubFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { internalPath, POLL_MS } from '../api/notifications';
import { NotificationBell } from './NotificationBell';

const note = (id: string, read = false): AppNotification => ({
  id,
  kind: 'subscription.pending',
  title: `Request ${id} waits for approval`,
  body: 'Mobile App asks for Weather (Partner).',
  link: '/approvals',
  read_at: read ? '2026-11-21T10:00:00Z' : null,
  created_at: '2026-11-21T09:00:00Z',
});

function answer(items: AppNotification[]) {
  return json(200, { items, total: items.length, limit: 8, offset: 0, unread: items.filter((n) => !n.read_at).length });
}

afterEach(() => vi.useRealTimers());

describe('NotificationBell', () => {
  it('shows the unread count and asks again every 30 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let items = [note('1'), note('2', true)];
    const { calls } = stubFetch({ 'GET /tenants/acme/notifications': () => answer(items) });
    renderWithProviders(<NotificationBell slug="acme" />);
    const bell = await screen.findByRole('button', { name: 'Notifications, 1 unread' });
    expect(bell).toHaveTextContent('1');
    items = [note('3'), ...items];
    await act(async () => {
      await vi.advanceTimersByTimeAsync(POLL_MS + 100);
    });
    expect(await screen.findByRole('button', { name: 'Notifications, 2 unread' })).toHaveTextContent('2');
    expect(calls.filter((c) => c.path === '/tenants/acme/notifications').length).toBeGreaterThanOrEqual(2);
  });

  it('lists the latest, links them and marks all read', async () => {
    let items = [note('1'), note('2')];
    const { calls } = stubFetch({
      'GET /tenants/acme/notifications': () => answer(items),
      'POST /tenants/acme/notifications/read-all': () => {
        items = items.map((n) => ({ ...n, read_at: '2026-11-21T11:00:00Z' }));
        return json(204, null);
      },
    });
    renderWithProviders(<NotificationBell slug="acme" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Notifications, 2 unread' }));
    const panel = screen.getByRole('region', { name: 'Notifications' });
    expect(within(panel).getByRole('link', { name: 'Request 1 waits for approval' })).toHaveAttribute('href', '/t/acme/approvals');
    expect(within(panel).getAllByText('Unread:')).toHaveLength(2);
    await userEvent.click(within(panel).getByRole('button', { name: 'Mark all read' }));
    expect(await screen.findByRole('button', { name: 'Notifications, none unread' })).not.toHaveTextContent(/\d/);
    expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/read-all'))).toBe(true);
  });

  it('marks one read', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/notifications': () => answer([note('1')]),
      'POST /tenants/acme/notifications/1/read': () => json(204, null),
    });
    renderWithProviders(<NotificationBell slug="acme" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Notifications, 1 unread' }));
    await userEvent.click(screen.getByRole('button', { name: 'Mark “Request 1 waits for approval” read' }));
    await vi.waitFor(() => expect(calls.some((c) => c.path === '/tenants/acme/notifications/1/read')).toBe(true));
  });
});

describe('internalPath', () => {
  it('keeps portal links inside the portal and places tenant links under the tenant', () => {
    expect(internalPath('/approvals', 'acme', 'http://portal.test')).toBe('/t/acme/approvals');
    expect(internalPath('/subscriptions/s1', 'acme', 'http://portal.test')).toBe('/t/acme/subscriptions/s1');
    expect(internalPath('/t/acme/approvals', 'acme', 'http://portal.test')).toBe('/t/acme/approvals');
    expect(internalPath('/profile', 'acme', 'http://portal.test')).toBe('/profile');
    expect(internalPath('http://portal.test/t/acme/applications/a1?x=1', 'acme', 'http://portal.test')).toBe('/t/acme/applications/a1?x=1');
    expect(internalPath('https://example.com/x', 'acme', 'http://portal.test')).toBeNull();
    expect(internalPath('//evil.test/x', 'acme', 'http://portal.test')).toBeNull();
    expect(internalPath('', 'acme', 'http://portal.test')).toBeNull();
  });
});
