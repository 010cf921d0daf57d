import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DeliveredSecret } from '../../../components/credentials/revealed';
import { apiRequest } from '../../../lib/api-client';
import { authTokenKeys } from './keys';
import { tokensPath } from './paths';
import type { AuthToken } from './types';

/** The pasted token matched in the browser: says so, naming the secret by its hint; the secret is not sent. */
export const confirmTokenDelivery = ({ userId, id, hint }: DeliveredSecret) =>
  apiRequest<AuthToken>(`${tokensPath(userId, id)}/delivered`, { method: 'POST', body: { hint } });

export function useConfirmTokenDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: confirmTokenDelivery,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authTokenKeys.all }),
  });
}
