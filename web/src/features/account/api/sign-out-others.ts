import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { accountKeys } from './keys';
import type { EndedSessions } from './types';

/**
 * `DELETE /api/users/{userId}/sessions`: every session of the user but the one making the request ends ("Sign out
 * everywhere else" for oneself; for an administrator acting on someone else, all of that user's sessions).
 */
export const signOutOthers = (userId: string) =>
  apiRequest<EndedSessions>(`/api/users/${encodeURIComponent(userId)}/sessions`, { method: 'DELETE' });

export function useSignOutOthers(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => signOutOthers(userId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountKeys.sessions(userId) }),
  });
}
