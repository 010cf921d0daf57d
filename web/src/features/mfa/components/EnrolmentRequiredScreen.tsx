import { useQueryClient } from '@tanstack/react-query';
import { Button } from '../../../components/ui/Button';
import { SESSION_QUERY_KEY } from '../../../lib/query-client';
import { TwoFactorSection } from './TwoFactorSection';

/**
 * TESSERA_REQUIRE_MFA: a signed-in user who must have a second factor and has none sees only this until they set
 * one up (the server refuses everything else with 403 mfa_enrolment_required). Then the session is read again.
 */
export default function EnrolmentRequiredScreen({ onSignOut }: { onSignOut: () => void }) {
  const queryClient = useQueryClient();
  return (
    <main className="center-screen">
      <title>Set up two-factor authentication · Tessera</title>
      <div className="mfa-enrolment">
        <div className="card">
          <h1>Set up two-factor authentication</h1>
          <p className="muted">
            Your organisation requires a second step at sign-in. Set up an authenticator app or a passkey to continue to
            Tessera.
          </p>
        </div>
        <TwoFactorSection onEnrolled={() => void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY })} />
        <div>
          <Button variant="ghost" onClick={onSignOut}>
            Sign out
          </Button>
        </div>
      </div>
    </main>
  );
}
