const KEY = 'tollgate.lastTenant';

/** rememberTenant notes the tenant last looked at, so the portal opens there next time. */
export function rememberTenant(slug: string): void {
  try {
    localStorage.setItem(KEY, slug);
  } catch {
    // Storage may be unavailable (private mode); the portal then opens the first tenant.
  }
}

export function lastTenant(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}
