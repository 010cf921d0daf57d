import { ChangePasswordSection } from '../../features/account/components/ChangePasswordSection';
import { SessionsSection } from '../../features/account/components/SessionsSection';
import { useSignOutOthers } from '../../features/account/api/sign-out-others';
import { TwoFactorSection } from '../../features/mfa/components/TwoFactorSection';
import { useSession } from '../../features/session/api/get-session';

/**
 * User Settings → Security: a list of sections, one per account control. Add one by adding its line here.
 */
export function Component() {
  // After a second factor changes, Two-factor authentication offers to end the other sessions (ASVS 7.4.3).
  const signOutOthers = useSignOutOthers('me');
  // Signed in through the organisation's OpenID provider: no password here to change.
  const hasPassword = useSession().data?.signInMethod !== 'oidc';
  return (
    <div className="security-page">
      <title>Security · Tessera</title>
      {hasPassword ? <ChangePasswordSection /> : null}
      <TwoFactorSection signOutOthers={signOutOthers} />
      <SessionsSection userId="me" />
    </div>
  );
}
