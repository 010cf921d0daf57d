import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { tokensPath } from './paths';
import type { NewAuthToken } from './types';

export const regenerateAuthToken = (userId: string, tokenId: string) =>
  apiRequest<NewAuthToken>(`${tokensPath(userId, tokenId)}/regenerate`, { method: 'POST' });

/** Like create: the secret goes to the reveal dialog's state only, and the mutation is not kept (gcTime 0). */
export const useRegenerateAuthToken = (userId: string) =>
  useMutation({ mutationFn: (tokenId: string) => regenerateAuthToken(userId, tokenId), gcTime: 0 });
