import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { userKeys } from './keys';
import type { Role, User } from './types';

export interface CreateUserInput {
  username: string;
  displayName?: string;
  password: string;
  role: Role;
  apiTokensEnabled: boolean;
}

export const createUser = (input: CreateUserInput) => apiRequest<User>('/api/users', { method: 'POST', body: input });

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.lists() }),
    // The variables hold a password: do not keep them around after the dialog is done.
    gcTime: 0,
  });
}
