import { Fragment, useEffect, useMemo } from 'react';
import { Link, Outlet, useParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { useTenantDetail } from '../features/tenants/api/tenants';
import { ApiError } from '../lib/api';
import { useDocumentTitle } from '../lib/hooks';
import { useMe } from '../lib/session';
import { TenantContext, tenantAccess } from '../lib/tenant';
import type { Membership } from '../lib/types';
import { rememberTenant } from './lastTenant';

/** NotMember explains that the tenant of the URL is not (or no longer) one of the caller's, and offers theirs. */
function NotMember({ slug, memberships, isAdmin }: { slug: string; memberships: Membership[]; isAdmin: boolean }) {
  useDocumentTitle('Tenant not found');
  if (isAdmin) {
    return (
      <EmptyState title="Tenant not found" action={<Link to="/admin/tenants">See all tenants</Link>}>
        There is no tenant “{slug}”.
      </EmptyState>
    );
  }
  return (
    <div className="state state-empty" role="status">
      <p className="state-title">You are not a member of “{slug}”</p>
      <p className="state-text">
        The tenant does not exist, or you have no access to it. Ask one of its owners or admins for an invitation.
      </p>
      {memberships.length > 0 ? (
        <div className="state-action">
          <p className="state-text">Your tenants:</p>
          <ul className="plain-list">
            {memberships.map((m) => (
              <li key={m.tenant.id}>
                <Link to={`/t/${m.tenant.slug}`}>{m.tenant.name}</Link>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <div className="state-action">
          <Link to="/">Go to the start page</Link>
        </div>
      )}
    </div>
  );
}

/** TenantLayout loads the tenant of the URL and tells its pages what the caller may do there. */
export function TenantLayout() {
  const { tenant: slug = '' } = useParams();
  const tenant = useTenantDetail(slug);
  const me = useMe();
  const isPlatformAdmin = me.data?.is_platform_admin ?? false;

  useEffect(() => {
    if (tenant.isSuccess) rememberTenant(slug);
  }, [tenant.isSuccess, slug]);

  const value = useMemo(
    () => (tenant.data ? tenantAccess(tenant.data, isPlatformAdmin) : null),
    [tenant.data, isPlatformAdmin],
  );

  if (tenant.isPending || me.isPending) return <LoadingState />;
  if (tenant.isError) {
    if (tenant.error instanceof ApiError && (tenant.error.status === 404 || tenant.error.status === 403)) {
      return <NotMember slug={slug} memberships={me.data?.memberships ?? []} isAdmin={isPlatformAdmin} />;
    }
    return <ErrorState error={tenant.error} title="This tenant cannot be loaded" onRetry={() => tenant.refetch()} />;
  }
  return (
    <TenantContext.Provider value={value}>
      {/* A new key per tenant resets every page's local state when switching tenants. */}
      <Fragment key={slug}>
        <Outlet />
      </Fragment>
    </TenantContext.Provider>
  );
}
