import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { accountKeys } from './keys';
import type { ChangeOwnPasswordBody } from './types';

/** Changes one's own password with the current one; the other sessions and Keystone tokens end (204). */
export const changePassword = (body: ChangeOwnPasswordBody) =>
  apiRequest<void>('/api/users/me/password', { method: 'POST', body });

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    // The other sessions are gone from the list.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.sessions('me') }),
    gcTime: 0,
  });
}
