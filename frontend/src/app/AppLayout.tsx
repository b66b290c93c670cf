import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation, useMatch } from 'react-router';
import { NotificationBell } from '../features/notifications/components/NotificationBell';
import { NotificationsNavLink } from '../features/notifications/components/NotificationsNavLink';
import { useTenantDetail } from '../features/tenants/api/tenants';
import { TenantSwitcher } from '../features/tenants/components/TenantSwitcher';
import { useMe } from '../lib/session';
import { canBill } from '../lib/tenant';
import { lastTenant } from './lastTenant';
import { UserMenu } from './UserMenu';

const navClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'nav-item active' : 'nav-item');

/**
 * AppLayout is the signed-in frame: sidebar navigation, tenant switcher, notifications, user menu and the page. On
 * narrow screens the sidebar folds away behind a menu button.
 */
export function AppLayout() {
  const match = useMatch('/t/:tenant/*');
  const me = useMe();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const current = match?.params.tenant ?? null;
  const memberships = me.data?.memberships ?? [];
  const isAdmin = me.data?.is_platform_admin ?? false;
  const membership = (slug: string | null) => memberships.find((m) => m.tenant.slug === slug);
  // A platform admin may open any tenant, but only one that exists: ask the server about the one in the URL.
  const detail = useTenantDetail(current ?? '', isAdmin && current !== null && !membership(current));
  // Off tenant pages (profile, admin) the sidebar keeps showing the tenant looked at last.
  const remembered = lastTenant();
  const known = (slug: string | null) =>
    !!slug && (!!membership(slug) || (isAdmin && (slug !== current || detail.isSuccess)));
  const navTenant = current !== null ? (known(current) ? current : null) : known(remembered) ? remembered : null;
  const role = membership(navTenant)?.role;
  const canManage = role === 'owner' || role === 'admin' || isAdmin;
  const billing = navTenant !== null && canBill(role, isAdmin);
  // Members of a team may provide APIs: the tenant's detail lists the caller's teams (the tenant pages load it too).
  const navDetail = useTenantDetail(navTenant ?? '', navTenant !== null && !canManage);
  const isProvider = canManage || (navDetail.data?.team_ids?.length ?? 0) > 0;
  const base = `/t/${navTenant}`;
  const tenantName = current ? (membership(current)?.tenant.name ?? (detail.isSuccess ? detail.data.name : '')) : '';

  useEffect(() => setMenuOpen(false), [location.pathname]);

  const item = (to: string, label: string, end = false) => (
    <li>
      <NavLink to={to} end={end} className={navClass}>
        {label}
      </NavLink>
    </li>
  );

  return (
    <div className={menuOpen ? 'shell menu-open' : 'shell'}>
      <a href="#content" className="skip-link">
        Skip to content
      </a>
      <aside className="sidebar" id="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          Tollgate
        </div>
        <TenantSwitcher current={current ?? navTenant} />
        <nav aria-label="Main">
          {navTenant && (
            <>
              <ul className="nav-list">
                {item(base, 'Overview', true)}
                {item(`${base}/catalogue`, 'Catalogue')}
                {item(`${base}/applications`, 'Applications')}
                {isProvider && item(`${base}/apis`, 'APIs')}
                {(isProvider || billing) && item(`${base}/analytics`, 'Analytics')}
                {canManage && item(`${base}/approvals`, 'Approvals')}
                {membership(navTenant) && (
                  <li>
                    <NotificationsNavLink slug={navTenant} className={navClass} />
                  </li>
                )}
              </ul>
              <p className="sidebar-label" id="org-label">
                Organisation
              </p>
              <ul className="nav-list" aria-labelledby="org-label">
                {item(`${base}/teams`, 'Teams')}
                {item(`${base}/members`, 'Members')}
                {canManage && item(`${base}/invitations`, 'Invitations')}
                {canManage && item(`${base}/audit`, 'Audit log')}
                {item(`${base}/settings`, 'Settings')}
              </ul>
              {billing && (
                <>
                  <p className="sidebar-label" id="billing-label">
                    Billing
                  </p>
                  <ul className="nav-list" aria-labelledby="billing-label">
                    {item(`${base}/billing`, 'Billing overview', true)}
                    {item(`${base}/billing/usage`, 'Usage')}
                    {item(`${base}/billing/reconciliation`, 'Reconciliation')}
                    {item(`${base}/billing/events`, 'Webhook events')}
                  </ul>
                </>
              )}
            </>
          )}
          {isAdmin && (
            <>
              <p className="sidebar-label" id="platform-label">
                Platform
              </p>
              <ul className="nav-list" aria-labelledby="platform-label">
                {item('/admin/tenants', 'Tenants')}
              </ul>
            </>
          )}
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="sidebar"
            onClick={() => setMenuOpen((o) => !o)}>
            <span aria-hidden="true" className="menu-icon" />
            Menu
          </button>
          <span className="topbar-title">{tenantName}</span>
          <div className="topbar-end">
            {navTenant && membership(navTenant) && <NotificationBell slug={navTenant} />}
            <UserMenu />
          </div>
        </header>
        <main id="content" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
