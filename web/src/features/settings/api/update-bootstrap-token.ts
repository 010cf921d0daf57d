import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { settingsKeys } from './keys';
import type { BootstrapTokenStatus, UpdateBootstrapTokenBody } from './types';

/** Turns the bootstrap token off or on, on every server at once (audited as bootstrap_token.update). */
export const updateBootstrapToken = (body: UpdateBootstrapTokenBody) =>
  apiRequest<BootstrapTokenStatus>('/api/settings/bootstrap-token', { method: 'PATCH', body });

export function useUpdateBootstrapToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateBootstrapToken,
    onSuccess: (status) => queryClient.setQueryData(settingsKeys.bootstrapToken(), status),
  });
}
