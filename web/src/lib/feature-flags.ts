import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from './api-client';
import type { components } from './api-types';

/** GET /api/features: the parts of the deployment that are on. */
export type Features = components['schemas']['Features'];
/** The ways of signing in: the password form, and the organisation's OpenID provider when configured. */
export type SignInOptions = Features['signIn'];
/** The parts a deployment may leave out (TESSERA_DISABLED_FEATURES), as GET /api/features names them. */
export type FeatureName = Features['features'][number];

export const featureFlagKeys = { all: ['features'] as const };

export const getFeatureFlags = (signal?: AbortSignal) => apiRequest<Features>('/api/features', { signal });

/** The deployment's features change only with a restart; the page's bootstrap data normally answers this. */
export const featureFlagsQueryOptions = () =>
  queryOptions({
    queryKey: featureFlagKeys.all,
    queryFn: ({ signal }) => getFeatureFlags(signal),
    staleTime: Infinity,
  });

/** What useFeatureFlag answers, for a component that waits on a feature (FeatureCredentialPanel). */
export type FeatureFlag = ReturnType<typeof useFeatureFlag>;

/** Whether one feature is on: undefined while unknown; the query's state for loading and error. */
export function useFeatureFlag(name: FeatureName) {
  const { data, isPending, isError, error, refetch } = useQuery(featureFlagsQueryOptions());
  return { enabled: data ? data.features.includes(name) : undefined, isPending, isError, error, refetch };
}

/** The ways of signing in the sign-in page offers: undefined while unknown. */
export function useSignInOptions(): SignInOptions | undefined {
  return useQuery(featureFlagsQueryOptions()).data?.signIn;
}
