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

/**
 * Why a refused sign-in is audited (`session.sign_in`, outcome failure, `details: { method: 'oidc', reason }`): a fixed
 * word, never anything the request or the provider sent (no code, state, token or error_description).
 */
export type OidcFailureReason =
  | 'state_missing'
  | 'state_expired'
  | 'state_mismatch'
  | 'access_denied'
  | 'provider_error'
  | 'code_rejected'
  | 'verification_failed'
  | 'no_username'
  | 'username_taken'
  | 'disabled';

/** The account a refusal concerns, when the claims named one: the audit row's target and claimed name. */
export interface OidcRefusedAccount {
  userId: string | null;
  username: string | null;
}

export class OidcRefused extends DomainError {
  /** The audited reason; undefined for the provider being unreachable (503), which is no refused sign-in. */
  readonly reason: OidcFailureReason | undefined;
  readonly account: OidcRefusedAccount | undefined;

  constructor(
    status: number,
    code: OidcErrorCode,
    title: string,
    detail: string,
    audit?: { reason: OidcFailureReason; account?: OidcRefusedAccount },
    retryAfterSeconds?: number,
  ) {
    super(
      status,
      code,
      title,
      detail,
      retryAfterSeconds ? { retryAfter: retryAfterSeconds } : {},
      retryAfterSeconds ? { 'Retry-After': String(retryAfterSeconds) } : {},
    );
    this.reason = audit?.reason;
    this.account = audit?.account;
  }

  static unavailable = () =>
    new OidcRefused(
      503,
      'oidc_unavailable',
      'Service unavailable',
      'The sign-in provider cannot be reached. Try again shortly.',
      undefined,
      5,
    );
  static state = (reason: 'state_missing' | 'state_expired' | 'state_mismatch') =>
    new OidcRefused(
      400,
      'oidc_state',
      'Invalid request',
      'This sign-in was not started here or has expired: start it again from the sign-in page.',
      { reason },
    );
  static denied = (reason: 'access_denied' | 'provider_error') =>
    new OidcRefused(401, 'oidc_denied', 'Unauthenticated', 'The sign-in provider did not sign you in.', { reason });
  static failed = (reason: 'code_rejected' | 'verification_failed') =>
    new OidcRefused(401, 'oidc_failed', 'Unauthenticated', 'The sign-in provider’s answer could not be verified.', {
      reason,
    });
  static noUsername = () =>
    new OidcRefused(
      403,
      'oidc_no_username',
      'Forbidden',
      'The sign-in provider gave no usable username for your account. Ask an administrator.',
      { reason: 'no_username' },
    );
  static usernameTaken = (account?: OidcRefusedAccount) =>
    new OidcRefused(
      409,
      'oidc_username_taken',
      'Conflict',
      'A Tessera account with your username already exists and is not linked to this sign-in. Ask an administrator.',
      { reason: 'username_taken', ...(account ? { account } : {}) },
    );
  static disabled = (account: OidcRefusedAccount) =>
    new OidcRefused(403, 'oidc_disabled', 'Forbidden', 'Your Tessera account is disabled. Ask an administrator.', {
      reason: 'disabled',
      account,
    });
}
