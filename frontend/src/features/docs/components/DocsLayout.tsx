import { Link, NavLink, Outlet } from 'react-router';

/** DocsLayout frames the public documentation pages: no sign-in needed, a way into the portal at the top. */
export function DocsLayout() {
  return (
    <div className="docs-shell">
      <a href="#content" className="skip-link">
        Skip to content
      </a>
      <header className="docs-topbar">
        <Link to="/docs/errors" className="docs-brand">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          Tollgate docs
        </Link>
        <nav aria-label="Docs" className="docs-nav">
          <NavLink to="/docs/errors" end>
            Error codes
          </NavLink>
          <Link to="/">Open the portal</Link>
        </nav>
      </header>
      <main id="content" className="docs-content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
