import { TwoFactorSection } from '../../features/mfa/components/TwoFactorSection';

/**
 * User Settings → Security: a list of sections, each its own feature's (H2: Change password, Sessions; H3: Two-factor
 * authentication). Add a section with one line.
 */
export function Component() {
  return (
    <div className="security-sections">
      <title>Security · Tessera</title>
      <TwoFactorSection />
    </div>
  );
}
