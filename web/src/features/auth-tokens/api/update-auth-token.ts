import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { authTokenKeys } from './keys';
import { tokensPath } from './paths';
import type { AuthToken, UpdateAuthTokenBody } from './types';

export const updateAuthToken = (userId: string, tokenId: string, input: UpdateAuthTokenBody) =>
  apiRequest<AuthToken>(tokensPath(userId, tokenId), { method: 'PATCH', body: input });

export function useUpdateAuthToken(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ tokenId, ...input }: UpdateAuthTokenBody & { tokenId: string }) =>
      updateAuthToken(userId, tokenId, input),
    // `me` and the user's id name the same list, so refresh every token list.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authTokenKeys.all }),
  });
}
