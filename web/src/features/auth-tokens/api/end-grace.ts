import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { authTokenKeys } from './keys';
import { tokensPath } from './paths';

/** End grace now (issue 20): the token's old secret stops working at once. */
export const endAuthTokenGrace = (userId: string, tokenId: string) =>
  apiRequest<void>(`${tokensPath(userId, tokenId)}/grace`, { method: 'DELETE' });

export function useEndAuthTokenGrace(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => endAuthTokenGrace(userId, tokenId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authTokenKeys.all }),
  });
}
