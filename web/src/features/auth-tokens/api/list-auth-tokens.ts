import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { authTokenKeys } from './keys';
import { tokensPath } from './paths';
import type { AuthTokenList } from './types';

export const listAuthTokens = (userId: string, signal?: AbortSignal) =>
  apiRequest<AuthTokenList>(tokensPath(userId), { signal });

export const authTokensQueryOptions = (userId: string) =>
  queryOptions({ queryKey: authTokenKeys.list(userId), queryFn: ({ signal }) => listAuthTokens(userId, signal) });

export const useAuthTokens = (userId: string) => useQuery(authTokensQueryOptions(userId));
