import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { mfaKeys, mfaPath } from './keys';
import type { TotpConfirmBody, TotpConfirmed } from './types';

export const confirmTotp = (body: TotpConfirmBody) =>
  apiRequest<TotpConfirmed>(mfaPath('me', '/totp/confirm'), { method: 'POST', body });

export function useConfirmTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: confirmTotp,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mfaKeys.all }),
    gcTime: 0,
  });
}
