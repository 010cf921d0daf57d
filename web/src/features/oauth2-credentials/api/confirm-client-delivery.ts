import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DeliveredSecret } from '../../../components/credentials/revealed';
import { apiRequest } from '../../../lib/api-client';
import { oauth2ClientKeys } from './keys';
import { clientsPath } from './paths';
import type { OAuth2Client } from './types';

/** The pasted client secret matched in the browser: says so, naming it by its hint; the secret is not sent. */
export const confirmClientDelivery = ({ userId, id, hint }: DeliveredSecret) =>
  apiRequest<OAuth2Client>(`${clientsPath(userId, id)}/delivered`, { method: 'POST', body: { hint } });

export function useConfirmClientDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: confirmClientDelivery,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: oauth2ClientKeys.all }),
  });
}
