import type { ReactNode } from 'react';
import { useDocumentTitle } from '../../../lib/hooks';

/** AuthCard is the centred card the public pages (login, sign-up, invitation) are drawn in. */
export function AuthCard({ title, subtitle, children, footer }: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  useDocumentTitle(title);
  return (
    <main className="auth-page">
      <div className="auth-brand" aria-hidden="true">
        <span className="brand-mark">T</span> Tollgate
      </div>
      <section className="auth-card" aria-labelledby="auth-title">
        <h1 id="auth-title">{title}</h1>
        {subtitle && <p className="auth-subtitle">{subtitle}</p>}
        {children}
      </section>
      {footer && <div className="auth-footer">{footer}</div>}
    </main>
  );
}
