import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, stubFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { NotificationsNavLink } from './NotificationsNavLink';

const answer = (unread: number) => json(200, { items: [], total: 0, limit: 8, offset: 0, unread });
const navClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'nav-item active' : 'nav-item');

describe('NotificationsNavLink', () => {
  it('shows the unread count beside the link and in its name', async () => {
    stubFetch({ 'GET /tenants/acme/notifications': () => answer(3) });
    renderWithProviders(<NotificationsNavLink slug="acme" className={navClass} />);
    const link = await screen.findByRole('link', { name: 'Notifications, 3 unread' });
    expect(link).toHaveAttribute('href', '/t/acme/notifications');
    expect(link).toHaveTextContent('Notifications3');
  });

  it('is a plain link when everything is read', async () => {
    const { calls } = stubFetch({ 'GET /tenants/acme/notifications': () => answer(0) });
    renderWithProviders(<NotificationsNavLink slug="acme" className={navClass} />);
    await screen.findByRole('link', { name: 'Notifications' });
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toHaveLength(1);
    expect(screen.getByRole('link')).toHaveTextContent(/^Notifications$/);
  });
});
