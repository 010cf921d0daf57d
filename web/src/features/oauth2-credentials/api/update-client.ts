import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { oauth2ClientKeys } from './keys';
import { clientsPath } from './paths';
import type { OAuth2Client, UpdateOAuth2ClientBody } from './types';

export const updateOAuth2Client = (userId: string, clientId: string, input: UpdateOAuth2ClientBody) =>
  apiRequest<OAuth2Client>(clientsPath(userId, clientId), { method: 'PATCH', body: input });

export function useUpdateOAuth2Client(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ clientId, input }: { clientId: string; input: UpdateOAuth2ClientBody }) =>
      updateOAuth2Client(userId, clientId, input),
    // `me` and the user's id name the same list, so refresh every list.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: oauth2ClientKeys.all }),
  });
}
