import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { userKeys } from './keys';
import type { CreateUserBody, User } from './types';

export const createUser = (input: CreateUserBody) => apiRequest<User>('/api/users', { method: 'POST', body: input });

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.lists() }),
    // The variables hold a password: do not keep them around after the dialog is done.
    gcTime: 0,
  });
}
