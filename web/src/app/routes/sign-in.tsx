import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Loading } from '../../components/ui/Feedback';
import { useSession } from '../../features/session/api/get-session';
import { SignInForm } from '../../features/session/components/SignInForm';
import { safeReturnPath } from '../../lib/return-path';

export function Component() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const next = safeReturnPath(params.get('next'));

  if (session.data) return <Navigate to={next} replace />;
  return (
    <main className="signin">
      <title>Sign in · Tessera</title>
      <div className="signin-brand">
        <span className="brand-mark brand-mark-lg" aria-hidden="true" />
        <span>Tessera</span>
      </div>
      <div className="card signin-card">
        <h1>Sign in</h1>
        {session.isPending ? <Loading /> : <SignInForm onSignedIn={() => void navigate(next, { replace: true })} />}
      </div>
      <p className="signin-footer muted">Self-service console for API credentials</p>
    </main>
  );
}
