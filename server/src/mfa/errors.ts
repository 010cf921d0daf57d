import { DomainError } from '../errors.js';

/** The second factors a user can answer with, in the order the console offers them. */
export type MfaMethod = 'totp' | 'webauthn' | 'recovery_code';

/** The password was right; a second factor is needed (the problem names which ones the user has). */
export class MfaRequired extends DomainError {
  constructor(
    readonly methods: MfaMethod[],
    detail = 'Enter a code from your authenticator app, use a passkey or a recovery code.',
  ) {
    super(
      401,
      'mfa_required',
      'Second factor required',
      detail,
      { methods },
      { 'WWW-Authenticate': 'FormBased realm="tessera"' },
    );
  }
}

/** A wrong, reused or expired second factor; counts as a failed sign-in for the throttle. */
export class MfaInvalid extends DomainError {
  constructor(detail = 'The verification code or passkey was not accepted.') {
    super(
      401,
      'mfa_invalid',
      'Second factor not accepted',
      detail,
      {},
      { 'WWW-Authenticate': 'FormBased realm="tessera"' },
    );
  }
}

/** TESSERA_REQUIRE_MFA: this session may only enrol a second factor (and sign out) until it has one. */
export class MfaEnrolmentRequired extends DomainError {
  constructor() {
    super(
      403,
      'mfa_enrolment_required',
      'Two-factor authentication required',
      'Set up two-factor authentication before you continue.',
    );
  }
}
