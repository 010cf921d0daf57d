import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { applicationCredentialKeys } from './keys';
import { credentialsPath } from './paths';

export const deleteApplicationCredential = (userId: string, credentialId: string) =>
  apiRequest<void>(credentialsPath(userId, credentialId), { method: 'DELETE' });

export function useDeleteApplicationCredential(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentialId: string) => deleteApplicationCredential(userId, credentialId),
    // `me` and the user's id name the same list, so refresh every list.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: applicationCredentialKeys.all }),
  });
}
