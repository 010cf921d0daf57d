import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { tokensPath } from './paths';
import type { NewAuthToken } from './types';

export interface RegenerateInput {
  tokenId: string;
  /** How long the old secret keeps working beside the new one (issue 20); 0: it stops at once. */
  graceSeconds: number;
}

export const regenerateAuthToken = (userId: string, { tokenId, graceSeconds }: RegenerateInput) =>
  apiRequest<NewAuthToken>(`${tokensPath(userId, tokenId)}/regenerate`, {
    method: 'POST',
    ...(graceSeconds > 0 ? { body: { graceSeconds } } : {}),
  });

/** Like create: the secret goes to the reveal dialog's state only, and the mutation is not kept (gcTime 0). */
export const useRegenerateAuthToken = (userId: string) =>
  useMutation({ mutationFn: (input: RegenerateInput) => regenerateAuthToken(userId, input), gcTime: 0 });
