import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { oauth2ClientKeys } from './keys';
import { clientsPath } from './paths';
import type { OAuth2Client } from './types';

export const resumeOAuth2Client = (userId: string, clientId: string) =>
  apiRequest<OAuth2Client>(`${clientsPath(userId, clientId)}/resume`, { method: 'POST' });

export function useResumeOAuth2Client(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (clientId: string) => resumeOAuth2Client(userId, clientId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: oauth2ClientKeys.all }),
  });
}
