import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { serviceAccountPath } from './get-service-account';
import { serviceAccountKeys } from './keys';

export const deleteServiceAccount = (id: string) => apiRequest<void>(serviceAccountPath(id), { method: 'DELETE' });

export function useDeleteServiceAccount(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteServiceAccount(id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: serviceAccountKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: serviceAccountKeys.lists() });
    },
  });
}
