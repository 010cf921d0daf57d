import { useSignOut } from '../features/session/api/sign-out';
import EnrolmentRequiredScreen from '../features/mfa/components/EnrolmentRequiredScreen';

/** Nothing but two-factor set-up (and signing out) until the user has a second factor (TESSERA_REQUIRE_MFA). */
export default function MustEnrol() {
  const signOut = useSignOut();
  return <EnrolmentRequiredScreen onSignOut={() => signOut.mutate()} />;
}
