import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { clientsPath } from './paths';
import type { NewOAuth2Client } from './types';

export interface ResetSecretInput {
  clientId: string;
  /** How long the old secret keeps working beside the new one (issue 20); 0: it stops at once. */
  graceSeconds: number;
}

export const resetOAuth2ClientSecret = (userId: string, { clientId, graceSeconds }: ResetSecretInput) =>
  apiRequest<NewOAuth2Client>(`${clientsPath(userId, clientId)}/reset-secret`, {
    method: 'POST',
    ...(graceSeconds > 0 ? { body: { graceSeconds } } : {}),
  });

/** Like create: the new secret goes to the reveal dialog's state only, and the mutation is not kept (gcTime 0). */
export const useResetOAuth2ClientSecret = (userId: string) =>
  useMutation({ mutationFn: (input: ResetSecretInput) => resetOAuth2ClientSecret(userId, input), gcTime: 0 });
