import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { serviceAccountPath } from './get-service-account';
import { serviceAccountKeys } from './keys';
import type { ServiceAccount } from './types';

/** `ownerId` null hands it to the administrators. */
export const transferOwnership = (id: string, ownerId: string | null) =>
  apiRequest<ServiceAccount>(`${serviceAccountPath(id)}/owner`, { method: 'POST', body: { ownerId } });

export function useTransferOwnership(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ownerId: string | null) => transferOwnership(id, ownerId),
    onSuccess: (account) => {
      queryClient.setQueryData(serviceAccountKeys.detail(id), account);
      return queryClient.invalidateQueries({ queryKey: serviceAccountKeys.lists() });
    },
  });
}
