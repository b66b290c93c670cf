import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { LoadingState } from '../components/States';
import { loginPath } from '../lib/api';
import { useSession } from '../lib/session';

/** RequireAuth shows its children to signed-in users and sends everyone else to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') {
    return (
      <div className="fullpage">
        <LoadingState label="Loading Tollgate…" />
      </div>
    );
  }
  if (session.status === 'anonymous') {
    return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  }
  return <>{children}</>;
}
