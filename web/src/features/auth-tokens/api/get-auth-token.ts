import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { authTokenKeys } from './keys';
import { tokensPath } from './paths';
import type { AuthToken } from './types';

export const getAuthToken = (userId: string, tokenId: string, signal?: AbortSignal) =>
  apiRequest<AuthToken>(tokensPath(userId, tokenId), { signal });

export const authTokenQueryOptions = (userId: string, tokenId: string) =>
  queryOptions({
    queryKey: authTokenKeys.detail(userId, tokenId),
    queryFn: ({ signal }) => getAuthToken(userId, tokenId, signal),
  });

export const useAuthToken = (userId: string, tokenId: string) => useQuery(authTokenQueryOptions(userId, tokenId));
