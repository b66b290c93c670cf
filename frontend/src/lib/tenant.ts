import { createContext, useContext } from 'react';
import type { Role, Tenant } from './types';

/** TenantContextValue is the tenant the page is about and what the caller may do in it. */
export interface TenantContextValue {
  tenant: Tenant;
  /** The caller's role, or null for a platform admin who is not a member. */
  role: Role | null;
  /** Owners and admins (and platform admins) manage members, teams, invitations and settings. */
  canManage: boolean;
  /** Only owners grant or remove the owner role. */
  isOwner: boolean;
  /** The caller's teams in the tenant. */
  teamIds: string[];
  /**
   * Whether the provider pages (APIs) are for the caller: admins, and members of any team, since a team may own APIs.
   * The server decides what each of them may change.
   */
  isProvider: boolean;
  /** Owners, admins and billing members (and platform admins) see the billing pages and the Stripe settings. */
  canBill: boolean;
}

export const TenantContext = createContext<TenantContextValue | null>(null);

/** useTenant returns the current tenant; it must be used below the tenant layout. */
export function useTenant(): TenantContextValue {
  const ctx = useContext(TenantContext);
  if (!ctx) throw new Error('useTenant must be used inside a tenant route');
  return ctx;
}

/** tenantAccess works out what a caller with this role (or a platform admin) may do. */
export function tenantAccess(tenant: Tenant, isPlatformAdmin: boolean): TenantContextValue {
  const role = tenant.role ?? null;
  const canManage = role === 'owner' || role === 'admin' || isPlatformAdmin;
  const isOwner = role === 'owner' || isPlatformAdmin;
  const teamIds = tenant.team_ids ?? [];
  return {
    tenant,
    role,
    canManage,
    isOwner,
    teamIds,
    isProvider: canManage || teamIds.length > 0,
    canBill: canBill(role, isPlatformAdmin),
  };
}

/** providesApi reports whether the caller provides an API: an admin, or a member of the team that owns it. */
export function providesApi(ctx: Pick<TenantContextValue, 'canManage' | 'teamIds'>, teamId: string): boolean {
  return ctx.canManage || ctx.teamIds.includes(teamId);
}

/** canBill reports whether a role sees the billing pages: owners, admins and billing members, and platform admins. */
export function canBill(role: Role | null | undefined, isPlatformAdmin: boolean): boolean {
  return isPlatformAdmin || role === 'owner' || role === 'admin' || role === 'billing';
}
