import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { clientsPath } from './paths';
import type { NewOAuth2Client } from './types';

export const resetOAuth2ClientSecret = (userId: string, clientId: string) =>
  apiRequest<NewOAuth2Client>(`${clientsPath(userId, clientId)}/reset-secret`, { method: 'POST' });

/** Like create: the new secret goes to the reveal dialog's state only, and the mutation is not kept (gcTime 0). */
export const useResetOAuth2ClientSecret = (userId: string) =>
  useMutation({ mutationFn: (clientId: string) => resetOAuth2ClientSecret(userId, clientId), gcTime: 0 });
