import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { activityKeys } from '../../activity/api/keys';

/** Lifts the temporary sign-in lockout that repeated failures put on a user (audited as user.unlock). */
export const unlockUser = (userId: string) =>
  apiRequest<void>(`/api/users/${encodeURIComponent(userId)}/unlock`, { method: 'POST' });

export function useUnlockUser(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unlockUser(userId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: activityKeys.all }),
  });
}
