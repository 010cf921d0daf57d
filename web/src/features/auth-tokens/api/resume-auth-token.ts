import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { authTokenKeys } from './keys';
import { tokensPath } from './paths';
import type { AuthToken } from './types';

export const resumeAuthToken = (userId: string, tokenId: string) =>
  apiRequest<AuthToken>(`${tokensPath(userId, tokenId)}/resume`, { method: 'POST' });

export function useResumeAuthToken(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => resumeAuthToken(userId, tokenId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authTokenKeys.all }),
  });
}
