import { NavLink, Outlet, useMatch } from 'react-router';
import { TenantSwitcher } from '../features/tenants/components/TenantSwitcher';
import { useMe } from '../lib/session';
import { lastTenant } from './lastTenant';
import { UserMenu } from './UserMenu';

/** Areas that later issues add; they are listed so the navigation's shape is settled now. */
const COMING_SOON = ['Catalogue', 'APIs', 'Applications', 'Approvals', 'Usage', 'Billing'];

const navClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'nav-item active' : 'nav-item');

/** AppLayout is the signed-in frame: sidebar navigation, tenant switcher, user menu and the page. */
export function AppLayout() {
  const match = useMatch('/t/:tenant/*');
  const me = useMe();
  const current = match?.params.tenant ?? null;
  const memberships = me.data?.memberships ?? [];
  const isAdmin = me.data?.is_platform_admin ?? false;
  // Off tenant pages (profile, admin) the sidebar keeps showing the tenant looked at last.
  const known = (slug: string | null) => !!slug && (isAdmin || memberships.some((m) => m.tenant.slug === slug));
  const remembered = lastTenant();
  const navTenant = current !== null ? (known(current) ? current : null) : known(remembered) ? remembered : null;
  const role = memberships.find((m) => m.tenant.slug === navTenant)?.role;
  const canManage = role === 'owner' || role === 'admin' || isAdmin;
  const base = `/t/${navTenant}`;

  return (
    <div className="shell">
      <a href="#content" className="skip-link">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          Tollgate
        </div>
        <TenantSwitcher current={current ?? navTenant} />
        <nav aria-label="Main">
          {navTenant && (
            <ul className="nav-list">
              <li>
                <NavLink to={base} end className={navClass}>
                  Overview
                </NavLink>
              </li>
              <li>
                <NavLink to={`${base}/teams`} className={navClass}>
                  Teams
                </NavLink>
              </li>
              <li>
                <NavLink to={`${base}/members`} className={navClass}>
                  Members
                </NavLink>
              </li>
              {canManage && (
                <li>
                  <NavLink to={`${base}/invitations`} className={navClass}>
                    Invitations
                  </NavLink>
                </li>
              )}
              {canManage && (
                <li>
                  <NavLink to={`${base}/audit`} className={navClass}>
                    Audit log
                  </NavLink>
                </li>
              )}
              <li>
                <NavLink to={`${base}/settings`} className={navClass}>
                  Settings
                </NavLink>
              </li>
            </ul>
          )}
          <p className="sidebar-label" id="soon-label">
            Coming soon
          </p>
          <ul className="nav-list" aria-labelledby="soon-label">
            {COMING_SOON.map((label) => (
              <li key={label}>
                <span className="nav-item disabled" aria-disabled="true">
                  {label}
                  <span className="badge badge-neutral">Soon</span>
                </span>
              </li>
            ))}
          </ul>
          {isAdmin && (
            <>
              <p className="sidebar-label" id="platform-label">
                Platform
              </p>
              <ul className="nav-list" aria-labelledby="platform-label">
                <li>
                  <NavLink to="/admin/tenants" className={navClass}>
                    Tenants
                  </NavLink>
                </li>
              </ul>
            </>
          )}
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <span className="topbar-title">
            {current ? (memberships.find((m) => m.tenant.slug === current)?.tenant.name ?? current) : ''}
          </span>
          <UserMenu />
        </header>
        <main id="content" className="content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
