import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { refreshAfterRoleChange, rolePath, type RoleChange } from './role-change';

/** Grants a role (201 when new, 200 when already held: either way the user holds it afterwards). */
export const grantRole = (change: RoleChange) => apiRequest<RoleChange>(rolePath(change), { method: 'PUT' });

export function useGrantRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: grantRole,
    onSuccess: (_r, change) => refreshAfterRoleChange(queryClient, change),
  });
}
