import { Fragment, useEffect, useMemo } from 'react';
import { Outlet, useParams } from 'react-router';
import { ErrorState, LoadingState } from '../components/States';
import { useTenantDetail } from '../features/tenants/api/tenants';
import { useMe } from '../lib/session';
import { TenantContext, tenantAccess } from '../lib/tenant';
import { rememberTenant } from './lastTenant';

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
