import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { oauth2ClientKeys } from './keys';
import { clientsPath } from './paths';
import type { OAuth2Client } from './types';

/** Its token requests and the access tokens it holds are refused at once, until resumed; idempotent. */
export const suspendOAuth2Client = (userId: string, clientId: string) =>
  apiRequest<OAuth2Client>(`${clientsPath(userId, clientId)}/suspend`, { method: 'POST' });

export function useSuspendOAuth2Client(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (clientId: string) => suspendOAuth2Client(userId, clientId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: oauth2ClientKeys.all }),
  });
}
