import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { policyKeys } from './keys';
import type { PolicyImpact, PolicyImpactRequest } from './types';

/** Counts only: a POST because the proposal is a body, but it changes nothing. */
export const getPolicyImpact = (proposed: PolicyImpactRequest, signal?: AbortSignal) =>
  apiRequest<PolicyImpact>('/api/policy/impact', { method: 'POST', body: proposed, signal });

export const policyImpactQueryOptions = (proposed: PolicyImpactRequest) =>
  queryOptions({
    queryKey: policyKeys.impact(proposed),
    queryFn: ({ signal }) => getPolicyImpact(proposed, signal),
    // Counts of what exists now: a few seconds old is still the answer to "what would this change".
    staleTime: 5_000,
  });

/** The impact of the proposal; while a new one is counted the previous counts stay (no flicker while typing). */
export const usePolicyImpact = (proposed: PolicyImpactRequest | undefined) =>
  useQuery({
    ...policyImpactQueryOptions(proposed ?? {}),
    enabled: proposed !== undefined,
    placeholderData: keepPreviousData,
  });
