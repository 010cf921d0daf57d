import { useMutation } from '@tanstack/react-query';
import { apiRequest, isApiError } from '../../../lib/api-client';

export async function signOut(): Promise<void> {
  try {
    await apiRequest<void>('/api/session', { method: 'DELETE' });
  } catch (e) {
    // Already signed out on the server is the outcome we wanted.
    if (!isApiError(e, 401)) throw e;
  }
}

/**
 * After the server ends the session, a full page load to /signin discards the whole query cache and every other bit
 * of in-memory state; clearing the cache in place would first re-render signed-in pages without their user.
 */
export function useSignOut() {
  return useMutation({
    mutationFn: signOut,
    onSuccess: () => window.location.replace('/signin'),
  });
}
