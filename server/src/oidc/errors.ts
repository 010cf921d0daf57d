import { DomainError } from '../errors.js';

/**
 * Why an OpenID Connect sign-in ended without a session. A browser is sent back to `/signin?error=<code>` (the console
 * words each code); a program asking for JSON gets it as problem+json with the same code.
 */
export type OidcErrorCode =
  | 'oidc_unavailable'
  | 'oidc_state'
  | 'oidc_denied'
  | 'oidc_failed'
  | 'oidc_no_username'
  | 'oidc_username_taken'
  | 'oidc_disabled';

export class OidcRefused extends DomainError {
  constructor(status: number, code: OidcErrorCode, title: string, detail: string, retryAfterSeconds?: number) {
    super(
      status,
      code,
      title,
      detail,
      retryAfterSeconds ? { retryAfter: retryAfterSeconds } : {},
      retryAfterSeconds ? { 'Retry-After': String(retryAfterSeconds) } : {},
    );
  }

  static unavailable = () =>
    new OidcRefused(
      503,
      'oidc_unavailable',
      'Service unavailable',
      'The sign-in provider cannot be reached. Try again shortly.',
      5,
    );
  static state = () =>
    new OidcRefused(
      400,
      'oidc_state',
      'Invalid request',
      'This sign-in was not started here or has expired: start it again from the sign-in page.',
    );
  static denied = () =>
    new OidcRefused(401, 'oidc_denied', 'Unauthenticated', 'The sign-in provider did not sign you in.');
  static failed = () =>
    new OidcRefused(401, 'oidc_failed', 'Unauthenticated', 'The sign-in provider’s answer could not be verified.');
  static noUsername = () =>
    new OidcRefused(
      403,
      'oidc_no_username',
      'Forbidden',
      'The sign-in provider gave no usable username for your account. Ask an administrator.',
    );
  static usernameTaken = () =>
    new OidcRefused(
      409,
      'oidc_username_taken',
      'Conflict',
      'A Tessera account with your username already exists and is not linked to this sign-in. Ask an administrator.',
    );
  static disabled = () =>
    new OidcRefused(403, 'oidc_disabled', 'Forbidden', 'Your Tessera account is disabled. Ask an administrator.');
}
