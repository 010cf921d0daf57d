import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { apiRequest } from '../../lib/api-client';
import { retryImport } from '../../lib/lazy';
import { REAUTHENTICATE_PATH } from '../../lib/reauthentication';
import type { components } from '../../lib/api-types';

/** `POST /api/session/reauthenticate`'s body: exactly one of password, otp, recoveryCode or webauthn. */
export type ReauthenticateBody = components['schemas']['Reauthenticate'];

/** Proves it's still the same person; 204 on success, 401 with the server's words for a wrong password. */
export const reauthenticate = (body: ReauthenticateBody) =>
  apiRequest<void>(REAUTHENTICATE_PATH, { method: 'POST', body });

/** The second factors the signed-in user can confirm with (the same answer the Two-factor section reads). */
export type MfaStatus = components['schemas']['MfaStatus'];
export const getOwnMfaStatus = (signal?: AbortSignal) => apiRequest<MfaStatus>('/api/users/me/mfa', { signal });

/** Confirm it's you with a passkey: a challenge, the authenticator (@simplewebauthn/browser, fetched now), the answer. */
export async function reauthenticateWithPasskey(): Promise<void> {
  const [optionsJSON, { startAuthentication }] = await Promise.all([
    apiRequest<PublicKeyCredentialRequestOptionsJSON>(`${REAUTHENTICATE_PATH}/webauthn-options`, { method: 'POST' }),
    retryImport(() => import('@simplewebauthn/browser')),
  ]);
  const webauthn = await startAuthentication({ optionsJSON });
  await reauthenticate({ webauthn: webauthn as ReauthenticateBody['webauthn'] });
}
