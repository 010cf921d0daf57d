import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Loading } from '../../components/ui/Feedback';
import { useSession } from '../../features/session/api/get-session';
import { OrganisationSignIn, SignInError } from '../../features/session/components/OrganisationSignIn';
import { SignInForm } from '../../features/session/components/SignInForm';
import { useSignInOptions } from '../../lib/feature-flags';
import { safeReturnPath } from '../../lib/return-path';

export function Component() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const options = useSignInOptions();
  const next = safeReturnPath(params.get('next'));
  // TESSERA_LOCAL_SIGN_IN=false hides the password form; ?local=1 brings it back for the bootstrap admin (break-glass).
  const passwordForm = options?.password !== false || params.get('local') === '1';
  const oidc = options?.oidc;

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
        {session.isPending ? (
          <Loading />
        ) : (
          <>
            <SignInError code={params.get('error')} />
            {oidc ? <OrganisationSignIn name={oidc.name} startUrl={oidc.startUrl} next={next} /> : null}
            {oidc && passwordForm ? <p className="signin-or muted">or</p> : null}
            {passwordForm ? <SignInForm onSignedIn={() => void navigate(next, { replace: true })} /> : null}
          </>
        )}
      </div>
      <p className="signin-footer muted">Self-service console for API credentials</p>
    </main>
  );
}
