import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { policyKeys } from './keys';
import type { Policy, UpdatePolicyBody } from './types';

/** Saves a partial change; the answer is the whole policy now in force on every server (audited policy.update). */
export const updatePolicy = (body: UpdatePolicyBody) => apiRequest<Policy>('/api/policy', { method: 'PATCH', body });

export function useUpdatePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updatePolicy,
    onSuccess: async (policy) => {
      queryClient.setQueryData(policyKeys.current(), policy);
      // Every credential list carries the policy (what Generate offers), and impact counts were for the old one: a
      // rare change, so everything cached is refetched when next shown rather than each feature's keys named here.
      await queryClient.invalidateQueries({
        predicate: (q) => q.queryKey[0] !== policyKeys.all[0] || q.queryKey[1] !== 'current',
      });
    },
  });
}
