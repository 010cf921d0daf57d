import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { mfaKeys, mfaPath } from './keys';
import type { Passkey, PasskeyRenameBody } from './types';

export const renamePasskey = (id: string, body: PasskeyRenameBody) =>
  apiRequest<Passkey>(mfaPath('me', `/webauthn/${encodeURIComponent(id)}`), { method: 'PATCH', body });

export function useRenamePasskey(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PasskeyRenameBody) => renamePasskey(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaKeys.all }),
  });
}
