import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { serviceAccountKeys } from './keys';
import type { CreateServiceAccountBody, ServiceAccount } from './types';

export const createServiceAccount = (input: CreateServiceAccountBody) =>
  apiRequest<ServiceAccount>('/api/service-accounts', { method: 'POST', body: input });

export function useCreateServiceAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createServiceAccount,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceAccountKeys.lists() }),
  });
}
