import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorAlert } from '../components/ui/Feedback';
import { errorMessage } from '../lib/api-client';
import { useSessionEnded } from '../lib/session-ended';
import { useSession } from '../features/session/api/get-session';
import { ChunkSuspense } from '../components/ui/ChunkBoundary';
import { lazyWithRetry } from '../lib/lazy';
import { PageLoading } from './PageLoading';

// TESSERA_REQUIRE_MFA's enrolment-only screen: its own chunk, loaded only for a session that must enrol first.
const MustEnrol = lazyWithRetry(() => import('./MustEnrol'));

/** Renders the signed-in app, or sends the visitor to sign in and back here afterwards. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  const ended = useSessionEnded();
  const here = `${location.pathname}${location.search}`;
  if (session.isPending) return <PageLoading />;
  if (session.isError) {
    return (
      <main className="center-screen">
        <h1 className="sr-only">Tessera</h1>
        <ErrorAlert title="Tessera could not be reached.">{errorMessage(session.error)}</ErrorAlert>
      </main>
    );
  }
  if (session.data && ended) return <SessionEnded here={here} />;
  if (session.data?.mfaEnrolmentRequired)
    return (
      <ChunkSuspense>
        <MustEnrol />
      </ChunkSuspense>
    );
  if (session.data === null) {
    const to = here === '/' ? '/signin' : `/signin?next=${encodeURIComponent(here)}`;
    return <Navigate to={to} replace />;
  }
  return <Outlet />;
}

/**
 * The session ended while a page was open: say so, and sign in again with a full page load (which drops what the
 * old session left in memory), coming back to this page afterwards.
 */
function SessionEnded({ here }: { here: string }) {
  return (
    <main className="center-screen">
      <title>Session ended · Tessera</title>
      <div className="card card-narrow">
        <h1>Your session has ended.</h1>
        <p role="alert">You were signed out, or your session expired. Sign in again to continue where you were.</p>
        <p>
          {/* eslint-disable-next-line jsx-a11y/no-autofocus -- the one way on from here; focus would be lost otherwise */}
          <a className="btn btn-primary" href={`/signin?next=${encodeURIComponent(here)}`} autoFocus>
            Sign in again
          </a>
        </p>
      </div>
    </main>
  );
}
