import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { authTokenKeys } from '../../auth-tokens/api/keys';
import { sessionKeys } from '../../session/api/get-session';
import { userKeys } from './keys';
import type { Role, User } from './types';

export interface UpdateUserInput {
  displayName?: string;
  role?: Role;
  disabled?: boolean;
  password?: string;
  apiTokensEnabled?: boolean;
}

export const updateUser = (userId: string, input: UpdateUserInput) =>
  apiRequest<User>(`/api/users/${encodeURIComponent(userId)}`, { method: 'PATCH', body: input });

export function useUpdateUser(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateUserInput) => updateUser(userId, input),
    onSuccess: (user) => {
      queryClient.setQueryData(userKeys.detail(userId), user);
      // The token list carries the user's API-token switch and the session carries your own role and name.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: userKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: userKeys.detail('me') }),
        queryClient.invalidateQueries({ queryKey: authTokenKeys.all }),
        queryClient.invalidateQueries({ queryKey: sessionKeys.current() }),
      ]);
    },
    gcTime: 0,
  });
}
