import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { oauth2ClientKeys } from './keys';

export const OAUTH2_FEATURE = 'oauth2-client-credentials';

export const getFeatures = (signal?: AbortSignal) => apiRequest<{ features: string[] }>('/api/features', { signal });

/** The deployment's features change only with a restart. */
export const featuresQueryOptions = () =>
  queryOptions({
    queryKey: oauth2ClientKeys.features(),
    queryFn: ({ signal }) => getFeatures(signal),
    staleTime: Infinity,
  });

export const useFeatures = () => useQuery(featuresQueryOptions());
