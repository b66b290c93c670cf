import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { ToastProvider } from '../components/Toast';
import { TenantContext, tenantAccess } from '../lib/tenant';
import type { Role, Tenant } from '../lib/types';

export const testTenant = (role: Role = 'owner', teamIds?: string[]): Tenant => ({
  id: 't1',
  slug: 'acme',
  name: 'Acme APIs',
  allow_signup: true,
  created_at: '2026-01-01T00:00:00Z',
  role,
  ...(teamIds ? { team_ids: teamIds } : {}),
});

interface Options {
  /** Initial URL. */
  route?: string;
  /** Route pattern the element is mounted at, so useParams works. */
  path?: string;
  /** Wrap in a tenant context with this role. */
  role?: Role;
  /** The caller's teams in that tenant. */
  teamIds?: string[];
}

/** renderWithProviders renders ui with a fresh query cache, notices, a memory router and optionally a tenant. */
export function renderWithProviders(ui: ReactElement, { route = '/', path = '*', role, teamIds }: Options = {}) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  let content: ReactNode = ui;
  if (role) {
    content = <TenantContext.Provider value={tenantAccess(testTenant(role, teamIds), false)}>{ui}</TenantContext.Provider>;
  }
  const result = render(
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <MemoryRouter initialEntries={[route]}>
          <Routes>
            <Route path={path} element={content} />
            <Route path="*" element={<p>Elsewhere</p>} />
          </Routes>
        </MemoryRouter>
      </ToastProvider>
    </QueryClientProvider>,
  );
  return { ...result, queryClient };
}
