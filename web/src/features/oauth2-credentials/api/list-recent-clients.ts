import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { oauth2ClientKeys } from './keys';
import { clientsPath } from './paths';
import type { RecentClientList } from './types';

/** The addresses and user agents that used one client credential (token requests and its access tokens). */
export const listRecentClients = (userId: string, clientId: string, sinceDays: number, signal?: AbortSignal) =>
  apiRequest<RecentClientList>(`${clientsPath(userId, clientId)}/clients?sinceDays=${sinceDays}`, { signal });

export const recentClientsQueryOptions = (userId: string, clientId: string, sinceDays: number) =>
  queryOptions({
    queryKey: oauth2ClientKeys.clients(userId, clientId, sinceDays),
    queryFn: ({ signal }) => listRecentClients(userId, clientId, sinceDays, signal),
  });

export const useRecentClients = (userId: string, clientId: string, sinceDays: number) =>
  useQuery(recentClientsQueryOptions(userId, clientId, sinceDays));

/** For a confirmation: read afresh each time it opens, and one failure is final (it must not keep the user waiting). */
export const useClientImpact = (userId: string, clientId: string) =>
  useQuery({ ...recentClientsQueryOptions(userId, clientId, 7), retry: false, staleTime: 0 });
