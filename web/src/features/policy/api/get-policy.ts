import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { policyKeys } from './keys';
import type { Policy } from './types';

/** Administrators only. */
export const getPolicy = (signal?: AbortSignal) => apiRequest<Policy>('/api/policy', { signal });

export const policyQueryOptions = () =>
  queryOptions({ queryKey: policyKeys.current(), queryFn: ({ signal }) => getPolicy(signal) });

export const usePolicy = () => useQuery(policyQueryOptions());
