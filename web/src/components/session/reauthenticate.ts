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

/**
 * The organisation's sign-in, when this session came through it (it has no password here): Confirm it's you signs in
 * there again, with the provider asked to check who it is rather than answer from its own session.
 */
export async function organisationSignIn(signal?: AbortSignal): Promise<{ name: string; href: string } | undefined> {
  const [session, features] = await Promise.all([
    apiRequest<components['schemas']['Session']>('/api/session', { signal }),
    apiRequest<components['schemas']['Features']>('/api/features', { signal }),
  ]);
  const oidc = features.signIn.oidc;
  if (session.signInMethod !== 'oidc' || !oidc) return undefined;
  const returnTo = `${window.location.pathname}${window.location.search}`;
  return { name: oidc.name, href: `${oidc.startUrl}?${new URLSearchParams({ returnTo, prompt: 'login' }).toString()}` };
}

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
