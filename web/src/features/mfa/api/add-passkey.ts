import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { retryImport } from '../../../lib/lazy';
import { mfaKeys, mfaPath } from './keys';
import type { PasskeyAdded } from './types';

/**
 * The WebAuthn registration ceremony: options from the server, the browser's authenticator (through
 * @simplewebauthn/browser, fetched only now), then the attestation back with the passkey's name.
 */
export async function addPasskey(name: string): Promise<PasskeyAdded> {
  const [optionsJSON, { startRegistration }] = await Promise.all([
    apiRequest<PublicKeyCredentialCreationOptionsJSON>(mfaPath('me', '/webauthn/registration-options'), {
      method: 'POST',
    }),
    retryImport(() => import('@simplewebauthn/browser')),
  ]);
  const credential = await startRegistration({ optionsJSON });
  return apiRequest<PasskeyAdded>(mfaPath('me', '/webauthn/registrations'), {
    method: 'POST',
    body: { name, credential },
  });
}

export function useAddPasskey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addPasskey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaKeys.all }),
    gcTime: 0,
  });
}
