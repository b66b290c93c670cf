import { Navigate } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../components/States';
import { useMe } from '../lib/session';
import { lastTenant } from './lastTenant';

/** HomeRedirect opens the tenant looked at last, else the first membership, else the platform admin's list. */
export function HomeRedirect() {
  const me = useMe();
  if (me.isPending) return <LoadingState />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  const { memberships, is_platform_admin } = me.data;
  const last = lastTenant();
  if (last && memberships.some((m) => m.tenant.slug === last)) return <Navigate to={`/t/${last}`} replace />;
  if (memberships.length > 0) return <Navigate to={`/t/${memberships[0].tenant.slug}`} replace />;
  if (is_platform_admin) return <Navigate to="/admin/tenants" replace />;
  return (
    <EmptyState title="You are not a member of any tenant yet">
      Ask an owner or admin of a tenant to invite you, or open a sign-up link of a tenant that allows sign-up.
    </EmptyState>
  );
}
