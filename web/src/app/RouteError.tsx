import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/** Shown when a page fails to load or render: words and a way out, never a blank screen. */
export function RouteError({ inline }: { inline?: boolean }) {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Something went wrong.';
  const body = (
    <div className="card card-narrow">
      <h1>Something went wrong</h1>
      <p role="alert">{message}</p>
      <p>
        Reload the page to try again, or go to the <Link to="/">overview</Link>.
      </p>
    </div>
  );
  // Inside the signed-in frame the layout already has its <main>.
  return inline ? <div className="page">{body}</div> : <main className="center-screen">{body}</main>;
}
