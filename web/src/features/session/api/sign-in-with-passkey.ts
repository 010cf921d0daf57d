import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { retryImport } from '../../../lib/lazy';
import { sessionKeys } from './get-session';
import type { Session } from './types';

/**
 * The second step with a passkey, after the password step answered mfa_required (the same browser session holds it):
 * request options, the authenticator's assertion (@simplewebauthn/browser, fetched only now), then sign in.
 */
export async function signInWithPasskey(): Promise<Session> {
  const [optionsJSON, { startAuthentication }] = await Promise.all([
    apiRequest<PublicKeyCredentialRequestOptionsJSON>('/api/session/webauthn/options', { method: 'POST' }),
    retryImport(() => import('@simplewebauthn/browser')),
  ]);
  const credential = await startAuthentication({ optionsJSON });
  return apiRequest<Session>('/api/session/webauthn', { method: 'POST', body: { credential } });
}

export function useSignInWithPasskey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signInWithPasskey,
    onSuccess: (session) => {
      queryClient.clear();
      queryClient.setQueryData(sessionKeys.current(), session);
    },
    gcTime: 0,
  });
}
