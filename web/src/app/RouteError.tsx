import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/** Shown when a page fails to load or render: words and a way out, never a blank screen. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Something went wrong.';
  return (
    <main className="center-screen">
      <div className="card card-narrow">
        <h1>Something went wrong</h1>
        <p role="alert">{message}</p>
        <p>
          Reload the page to try again, or go to the <Link to="/">overview</Link>.
        </p>
      </div>
    </main>
  );
}
