import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorAlert } from '../components/ui/Feedback';
import { errorMessage } from '../lib/api-client';
import { useSession } from '../features/session/api/get-session';
import { PageLoading } from './PageLoading';

/** Where to come back to after signing in: only a path on this site, never another origin. */
export function safeReturnPath(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin') ? next : '/';
}

/** Renders the signed-in app, or sends the visitor to sign in and back here afterwards. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <PageLoading />;
  if (session.isError) {
    return (
      <main className="center-screen">
        <h1 className="sr-only">Tessera</h1>
        <ErrorAlert title="Tessera could not be reached.">{errorMessage(session.error)}</ErrorAlert>
      </main>
    );
  }
  if (session.data === null) {
    const here = `${location.pathname}${location.search}`;
    const to = here === '/' ? '/signin' : `/signin?next=${encodeURIComponent(here)}`;
    return <Navigate to={to} replace />;
  }
  return <Outlet />;
}
