import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { oauth2ClientKeys } from './keys';
import { clientsPath } from './paths';

/** End grace now (issue 20): the client's old secret stops working at once. */
export const endOAuth2ClientGrace = (userId: string, clientId: string) =>
  apiRequest<void>(`${clientsPath(userId, clientId)}/grace`, { method: 'DELETE' });

export function useEndOAuth2ClientGrace(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (clientId: string) => endOAuth2ClientGrace(userId, clientId),
    // `me` and the user's id name the same list, so refresh every list.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: oauth2ClientKeys.all }),
  });
}
