import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { userKeys } from './keys';
import type { UnlockResult } from './types';

/** Lifts the temporary sign-in lockout that repeated failures put on a user (audited as user.unlock). */
export const unlockUser = (userId: string) =>
  apiRequest<UnlockResult>(`/api/users/${encodeURIComponent(userId)}/unlock`, { method: 'POST' });

export function useUnlockUser(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unlockUser(userId),
    // The user's "Locked until" and the lists' Locked filter change.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
