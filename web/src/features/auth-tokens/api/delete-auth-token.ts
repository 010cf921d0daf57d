import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { authTokenKeys } from './keys';
import { tokensPath } from './paths';

export const deleteAuthToken = (userId: string, tokenId: string) =>
  apiRequest<void>(tokensPath(userId, tokenId), { method: 'DELETE' });

export function useDeleteAuthToken(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => deleteAuthToken(userId, tokenId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authTokenKeys.all }),
  });
}
