import type { components } from '../../../lib/api-types';

export type SessionUser = components['schemas']['User'];
export type Session = components['schemas']['Session'];
/** The sign-in request body. */
export type SignInBody = components['schemas']['SignIn'];
/** A second factor the server offers after the password (401 mfa_required's `methods`). */
export type MfaMethod = 'totp' | 'webauthn' | 'recovery_code';
