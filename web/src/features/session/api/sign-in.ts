import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { sessionKeys } from './get-session';
import type { Session, SignInBody } from './types';

export const signIn = (input: SignInBody) => apiRequest<Session>('/api/session', { method: 'POST', body: input });

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    // Drop whatever a previous user left behind, then start from the new session.
    onSuccess: (session) => {
      queryClient.clear();
      queryClient.setQueryData(sessionKeys.current(), session);
    },
    gcTime: 0,
  });
}
