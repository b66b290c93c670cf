import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../../../test/fetch';
import { list, weather } from '../../../test/data';
import { renderWithProviders } from '../../../test/render';
import { ApisPage } from './ApisPage';

const teams = list([
  { id: 'team-p', slug: 'platform', name: 'Platform', description: '', member_count: 2, created_at: '' },
  { id: 'team-m', slug: 'mobile', name: 'Mobile', description: '', member_count: 1, created_at: '' },
]);

describe('ApisPage', () => {
  it('shows a developer in a provider team the APIs of their team', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/apis': () => json(200, list([weather])),
      'GET /tenants/acme/teams': () => json(200, teams),
    });
    renderWithProviders(<ApisPage />, { role: 'developer', teamIds: ['team-p'] });
    expect(await screen.findByRole('link', { name: 'Weather' })).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/tenants/acme/apis')?.url.searchParams.get('team_id')).toBe('team-p');
    // Only their own teams to choose from.
    await vi.waitFor(() => expect(screen.getByRole('option', { name: 'Platform' })).toBeInTheDocument());
    expect(screen.queryByRole('option', { name: 'Mobile' })).not.toBeInTheDocument();
    expect(screen.queryByRole('option', { name: 'Every team' })).not.toBeInTheDocument();
  });

  it('tells a member without a team that the pages are not for them', () => {
    const { calls } = stubFetch({});
    renderWithProviders(<ApisPage />, { role: 'developer' });
    expect(screen.getByRole('alert')).toHaveTextContent('members of its teams');
    expect(calls).toHaveLength(0);
  });
});
