import { ChangePasswordSection } from '../../features/account/components/ChangePasswordSection';
import { SessionsSection } from '../../features/account/components/SessionsSection';
import { TwoFactorSection } from '../../features/mfa/components/TwoFactorSection';

/**
 * User Settings → Security: a list of sections, one per account control. Add one by adding its line here.
 */
export function Component() {
  return (
    <div className="security-page">
      <title>Security · Tessera</title>
      <ChangePasswordSection />
      <TwoFactorSection />
      <SessionsSection userId="me" />
    </div>
  );
}
