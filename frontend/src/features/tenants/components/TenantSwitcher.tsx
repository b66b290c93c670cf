import { useId } from 'react';
import { useNavigate } from 'react-router';
import { useMe } from '../../../lib/session';
import { useTenants } from '../api/tenants';

/**
 * TenantSwitcher picks the tenant the portal shows: the caller's memberships, and for platform admins every
 * tenant.
 */
export function TenantSwitcher({ current }: { current: string | null }) {
  const id = useId();
  const me = useMe();
  const navigate = useNavigate();
  const isAdmin = me.data?.is_platform_admin ?? false;
  const all = useTenants({ limit: 200, offset: 0 }, isAdmin);

  const memberships = me.data?.memberships ?? [];
  const memberSlugs = new Set(memberships.map((m) => m.tenant.slug));
  const others = (all.data?.items ?? []).filter((t) => !memberSlugs.has(t.slug));
  const knows = current === null || memberSlugs.has(current) || others.some((t) => t.slug === current);

  return (
    <div className="tenant-switcher">
      <label htmlFor={id} className="sidebar-label">
        Tenant
      </label>
      <select
        id={id}
        className="input select"
        value={current ?? ''}
        disabled={me.isPending}
        onChange={(e) => {
          if (e.target.value) navigate(`/t/${e.target.value}`);
        }}
      >
        {current === null && <option value="">Choose a tenant…</option>}
        {!knows && current && <option value={current}>{current}</option>}
        {memberships.length > 0 && (
          <optgroup label="Your tenants">
            {memberships.map((m) => (
              <option key={m.tenant.id} value={m.tenant.slug}>
                {m.tenant.name}
              </option>
            ))}
          </optgroup>
        )}
        {isAdmin && others.length > 0 && (
          <optgroup label="All tenants (platform admin)">
            {others.map((t) => (
              <option key={t.id} value={t.slug}>
                {t.name}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </div>
  );
}
