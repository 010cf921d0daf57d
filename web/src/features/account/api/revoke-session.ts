import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { accountKeys } from './keys';

/** Signs one session out (by its opaque id from the list). */
export const revokeSession = (userId: string, sessionId: string) =>
  apiRequest<void>(`/api/users/${encodeURIComponent(userId)}/sessions/${encodeURIComponent(sessionId)}`, {
    method: 'DELETE',
  });

export function useRevokeSession(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => revokeSession(userId, sessionId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountKeys.sessions(userId) }),
  });
}
