import { Link, isRouteErrorResponse, useRouteError } from 'react-router';

/** RouteError is shown when rendering a page throws; it keeps the message readable and offers a way out. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error';
  return (
    <main className="fullpage">
      <div className="state state-error" role="alert">
        <p className="state-title">Something went wrong</p>
        <p className="state-text">{message}</p>
        <div className="state-action">
          <Link to="/" className="btn">
            Go to the start page
          </Link>
        </div>
      </div>
    </main>
  );
}
