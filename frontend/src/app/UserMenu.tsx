import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useMe, useSession } from '../lib/session';

function initials(name: string, email: string): string {
  const source = name.trim() || email;
  const parts = source.split(/[\s@.]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}

/** UserMenu is the signed-in user's disclosure menu: profile and sign-out. */
export function UserMenu() {
  const session = useSession();
  const me = useMe();
  const user = me.data ?? session.user;
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const location = useLocation();

  useEffect(() => setOpen(false), [location.pathname]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!user) return null;
  return (
    <div className="user-menu" ref={root}>
      <button type="button" className="user-button" aria-expanded={open} aria-controls={panelId}
        aria-label={`Account menu for ${user.name || user.email}`} onClick={() => setOpen((o) => !o)}>
        <span className="avatar" aria-hidden="true">
          {initials(user.name, user.email)}
        </span>
        <span className="user-name">{user.name || user.email}</span>
      </button>
      {open && (
        <div className="user-panel" id={panelId}>
          <p className="user-panel-head">
            <strong>{user.name}</strong>
            <span className="muted small">{user.email}</span>
          </p>
          <ul>
            <li>
              <Link to="/profile">Profile</Link>
            </li>
            <li>
              <Link to="/logout">Sign out</Link>
            </li>
          </ul>
        </div>
      )}
    </div>
  );
}
