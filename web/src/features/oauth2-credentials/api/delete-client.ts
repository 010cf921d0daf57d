import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { oauth2ClientKeys } from './keys';
import { clientsPath } from './paths';

export const deleteOAuth2Client = (userId: string, clientId: string) =>
  apiRequest<void>(clientsPath(userId, clientId), { method: 'DELETE' });

export function useDeleteOAuth2Client(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (clientId: string) => deleteOAuth2Client(userId, clientId),
    // `me` and the user's id name the same list, so refresh every list.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: oauth2ClientKeys.all }),
  });
}
