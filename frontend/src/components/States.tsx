import type { ReactNode } from 'react';
import { ApiError, describeError } from '../lib/api';
import { useDocumentTitle } from '../lib/hooks';

/** LoadingState shows that data is on its way. */
export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** EmptyState says there is nothing to show yet and, when it helps, offers the action that adds something. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="state state-empty" role="status">
      <p className="state-title">{title}</p>
      {children && <p className="state-text">{children}</p>}
      {action && <div className="state-action">{action}</div>}
    </div>
  );
}

/** ErrorState shows why loading failed and offers to try again. */
export function ErrorState({
  error,
  title = 'Could not load this page',
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  const notFound = error instanceof ApiError && error.status === 404;
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{notFound ? 'Not found' : forbidden ? 'No access' : title}</p>
      <p className="state-text">{describeError(error)}</p>
      {onRetry && !notFound && !forbidden && (
        <div className="state-action">
          <button type="button" className="btn" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
    </div>
  );
}

/** ForbiddenState explains that the caller's role does not allow this page; because replaces the usual reason. */
export function ForbiddenState({ what, because }: { what: string; because?: string }) {
  useDocumentTitle('No access');
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">No access</p>
      <p className="state-text">{because ?? `Only owners and admins of this tenant can see ${what}.`}</p>
    </div>
  );
}
