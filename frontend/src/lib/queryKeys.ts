import type { QueryValue } from './api';

type Params = Record<string, QueryValue>;

/**
 * queryKeys names every cached query. Keys of one tenant share the prefix ['t', slug] and each area has its own
 * third element, so a mutation can refresh an area (and the audit log) without knowing the other features.
 */
export const queryKeys = {
  me: ['me'] as const,
  tenants: (params?: Params) => (params ? (['tenants', params] as const) : (['tenants'] as const)),
  publicTenant: (slug: string) => ['public-tenant', slug] as const,
  invitationPreview: (token: string) => ['invitation-preview', token] as const,
  tenant: (slug: string) => ['t', slug] as const,
  tenantDetail: (slug: string) => ['t', slug, 'detail'] as const,
  area: (slug: string, area: TenantArea) => ['t', slug, area] as const,
  list: (slug: string, area: TenantArea, params: Params) => ['t', slug, area, 'list', params] as const,
  item: (slug: string, area: TenantArea, id: string, ...rest: string[]) =>
    ['t', slug, area, 'item', id, ...rest] as const,
};

export type TenantArea =
  | 'members'
  | 'teams'
  | 'invitations'
  | 'audit'
  | 'stats'
  | 'apis'
  | 'plans'
  | 'applications'
  | 'subscriptions'
  | 'keys'
  | 'calls'
  | 'notifications'
  | 'billing'
  | 'analytics'
  | 'webhooks';
