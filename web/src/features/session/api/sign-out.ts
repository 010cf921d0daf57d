import { useMutation } from '@tanstack/react-query';
import { apiRequest, isApiError } from '../../../lib/api-client';
import type { components } from '../../../lib/api-types';

type SignedOut = components['schemas']['SignOut'];

/** Ends the session; after an OpenID Connect sign-in, the provider's logout page to go to next (if it has one). */
export async function signOut(): Promise<string | undefined> {
  try {
    const answer = await apiRequest<SignedOut | undefined>('/api/session', { method: 'DELETE' });
    return answer?.endSessionUrl;
  } catch (e) {
    // Already signed out on the server is the outcome we wanted.
    if (!isApiError(e, 401)) throw e;
    return undefined;
  }
}

/**
 * After the server ends the session, a full page load discards the whole query cache and every other bit of
 * in-memory state (clearing the cache in place would first re-render signed-in pages without their user): to /signin,
 * or to the OpenID provider's logout, which comes back to /signin.
 */
export function useSignOut() {
  return useMutation({
    mutationFn: signOut,
    onSuccess: (endSessionUrl) => window.location.replace(endSessionUrl ?? '/signin'),
  });
}
