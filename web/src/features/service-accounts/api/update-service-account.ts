import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { serviceAccountPath } from './get-service-account';
import { serviceAccountKeys } from './keys';
import type { ServiceAccount, UpdateServiceAccountBody } from './types';

export const updateServiceAccount = (id: string, input: UpdateServiceAccountBody) =>
  apiRequest<ServiceAccount>(serviceAccountPath(id), { method: 'PATCH', body: input });

export function useUpdateServiceAccount(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateServiceAccountBody) => updateServiceAccount(id, input),
    onSuccess: (account) => {
      queryClient.setQueryData(serviceAccountKeys.detail(id), account);
      // Disabling shows in its token and client lists (their owner) and its activity: refresh what is on screen.
      return queryClient.invalidateQueries();
    },
  });
}
