import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { mfaKeys, mfaPath } from './keys';

/** An administrator's reset of another user's second factors. */
export const resetMfa = (userId: string) => apiRequest<void>(mfaPath(userId), { method: 'DELETE' });

export function useResetMfa(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => resetMfa(userId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaKeys.all }),
  });
}
