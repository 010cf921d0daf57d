import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { mfaKeys, mfaPath } from './keys';
import type { RecoveryCodes } from './types';

export const regenerateRecoveryCodes = () =>
  apiRequest<RecoveryCodes>(mfaPath('me', '/recovery-codes'), { method: 'POST' });

export function useRegenerateRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: regenerateRecoveryCodes,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaKeys.all }),
    gcTime: 0,
  });
}
