import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { LoadingState } from '../../../components/States';
import { useLogout } from '../api/auth';

/** LogoutPage ends the session and goes to the login page. */
export function LogoutPage() {
  const logout = useLogout();
  const navigate = useNavigate();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
  }, [logout, navigate]);

  return <LoadingState label="Signing out…" />;
}
