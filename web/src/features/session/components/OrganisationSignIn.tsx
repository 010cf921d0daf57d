import { ErrorAlert } from '../../../components/ui/Feedback';

/** What went wrong, for each `/signin?error=` code the server's OpenID Connect sign-in sends a browser back with. */
const OIDC_ERRORS: Record<string, string> = {
  oidc_unavailable: 'The sign-in provider cannot be reached. Try again shortly.',
  oidc_state: 'That sign-in was not started here or took too long. Start it again.',
  oidc_denied: 'The sign-in provider did not sign you in.',
  oidc_failed: 'The sign-in provider’s answer could not be verified. Try again, or ask an administrator.',
  oidc_no_username: 'The sign-in provider gave no usable username for your account. Ask an administrator.',
  oidc_username_taken:
    'A Tessera account with your username already exists and is not linked to your organisation’s sign-in. Ask an administrator.',
  oidc_disabled: 'Your Tessera account is disabled. Ask an administrator.',
};

/** The message for a `/signin?error=` code; null without one. Any other code still says the sign-in failed. */
export function SignInError({ code }: { code: string | null }) {
  if (!code) return null;
  return <ErrorAlert>{OIDC_ERRORS[code] ?? 'Sign-in did not complete. Try again.'}</ErrorAlert>;
}

/**
 * Sign in with the organisation's OpenID provider: a plain link, since the server sends the browser on to the
 * provider's own sign-in page and back (`returnTo` is the console path to come back to).
 */
export function OrganisationSignIn({ name, startUrl, next }: { name: string; startUrl: string; next: string }) {
  const href = `${startUrl}?${new URLSearchParams({ returnTo: next }).toString()}`;
  return (
    <a className="btn btn-primary btn-block signin-organisation" href={href}>
      Sign in with {name}
    </a>
  );
}
