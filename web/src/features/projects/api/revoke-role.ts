import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { refreshAfterRoleChange, rolePath, type RoleChange } from './role-change';

/** Takes a role away (404 when the user did not hold it). */
export const revokeRole = (change: RoleChange) => apiRequest<void>(rolePath(change), { method: 'DELETE' });

export function useRevokeRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeRole,
    onSuccess: (_r, change) => refreshAfterRoleChange(queryClient, change),
  });
}
