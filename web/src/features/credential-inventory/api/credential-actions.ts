import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

// The owners' own routes, which administrators may call for anyone: the inventories act through them.

export type CredentialKind = 'auth-tokens' | 'oauth2-client-credentials';
export type CredentialAction = 'suspend' | 'resume' | 'delete';

export interface CredentialTarget {
  userId: string;
  id: string;
}

const path = (kind: CredentialKind, { userId, id }: CredentialTarget) =>
  `/api/users/${encodeURIComponent(userId)}/${kind}/${encodeURIComponent(id)}`;

export const actOnCredential = (kind: CredentialKind, action: CredentialAction, target: CredentialTarget) =>
  action === 'delete'
    ? apiRequest<void>(path(kind, target), { method: 'DELETE' })
    : apiRequest<unknown>(`${path(kind, target)}/${action}`, { method: 'POST' });

/** Suspend, resume or delete one credential; every list that may show it refreshes (inventory, owner, counts). */
export function useCredentialAction(kind: CredentialKind) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, target }: { action: CredentialAction; target: CredentialTarget }) =>
      actOnCredential(kind, action, target),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
