import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { authTokenKeys } from './keys';
import { tokensPath } from './paths';
import type { AuthToken } from './types';

export const updateAuthToken = (userId: string, tokenId: string, description: string) =>
  apiRequest<AuthToken>(tokensPath(userId, tokenId), { method: 'PATCH', body: { description } });

export function useUpdateAuthToken(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ tokenId, description }: { tokenId: string; description: string }) =>
      updateAuthToken(userId, tokenId, description),
    // `me` and the user's id name the same list, so refresh every token list.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authTokenKeys.all }),
  });
}
