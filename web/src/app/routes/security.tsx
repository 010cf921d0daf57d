import { ChangePasswordSection } from '../../features/account/components/ChangePasswordSection';
import { SessionsSection } from '../../features/account/components/SessionsSection';

/**
 * User Settings → Security: a list of sections, one per account control. Add one by adding its line here
 * (H3: <TwoFactorSection /> from features/mfa).
 */
export function Component() {
  return (
    <div className="security-page">
      <title>Security · Tessera</title>
      <ChangePasswordSection />
      <SessionsSection userId="me" />
    </div>
  );
}
