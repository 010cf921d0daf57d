import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { authTokenKeys } from './keys';
import { tokensPath } from './paths';
import type { AuthToken } from './types';

/** Refused at once on every replica, keeping its secret and settings until resumed; idempotent. */
export const suspendAuthToken = (userId: string, tokenId: string) =>
  apiRequest<AuthToken>(`${tokensPath(userId, tokenId)}/suspend`, { method: 'POST' });

export function useSuspendAuthToken(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => suspendAuthToken(userId, tokenId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authTokenKeys.all }),
  });
}
