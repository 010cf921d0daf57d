import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { authTokenKeys } from './keys';
import { tokensPath } from './paths';
import type { TokenClientList } from './types';

export const listTokenClients = (userId: string, tokenId: string, sinceDays: number, signal?: AbortSignal) =>
  apiRequest<TokenClientList>(`${tokensPath(userId, tokenId)}/clients?sinceDays=${sinceDays}`, { signal });

export const tokenClientsQueryOptions = (userId: string, tokenId: string, sinceDays: number) =>
  queryOptions({
    queryKey: authTokenKeys.clients(userId, tokenId, sinceDays),
    queryFn: ({ signal }) => listTokenClients(userId, tokenId, sinceDays, signal),
  });

export const useTokenClients = (userId: string, tokenId: string, sinceDays: number) =>
  useQuery(tokenClientsQueryOptions(userId, tokenId, sinceDays));

/** For a confirmation: read afresh each time it opens, and one failure is final (it must not keep the user waiting). */
export const useTokenImpact = (userId: string, tokenId: string) =>
  useQuery({ ...tokenClientsQueryOptions(userId, tokenId, 7), retry: false, staleTime: 0 });
