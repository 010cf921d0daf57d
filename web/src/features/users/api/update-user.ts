import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { userKeys } from './keys';
import type { UpdateUserBody, User } from './types';

export const updateUser = (userId: string, input: UpdateUserBody) =>
  apiRequest<User>(`/api/users/${encodeURIComponent(userId)}`, { method: 'PATCH', body: input });

export function useUpdateUser(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateUserBody) => updateUser(userId, input),
    onSuccess: (user) => {
      queryClient.setQueryData(userKeys.detail(userId), user);
      // A user's change shows in nearly every answer (the token and client lists carry the API-token switch, the
      // session your own role and name, the activity its audit event): refresh whatever is on screen.
      return queryClient.invalidateQueries();
    },
    gcTime: 0,
  });
}
