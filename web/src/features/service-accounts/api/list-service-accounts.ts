import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { serviceAccountKeys } from './keys';
import type { ServiceAccountPage } from './types';

export const PAGE_SIZE = 25;

export interface ListServiceAccountsParams {
  search: string;
  /** Only the caller's own (User Settings); an administrator otherwise sees every one. */
  mine: boolean;
  cursor: string | null;
}

export function listServiceAccounts(
  { search, mine, cursor }: ListServiceAccountsParams,
  signal?: AbortSignal,
): Promise<ServiceAccountPage> {
  const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (search) q.set('search', search);
  if (mine) q.set('owner', 'me');
  if (cursor) q.set('cursor', cursor);
  return apiRequest<ServiceAccountPage>(`/api/service-accounts?${q.toString()}`, { signal });
}

export const listServiceAccountsQueryOptions = (params: ListServiceAccountsParams) =>
  queryOptions({
    queryKey: serviceAccountKeys.list(params),
    queryFn: ({ signal }) => listServiceAccounts(params, signal),
    placeholderData: keepPreviousData,
  });

export const useServiceAccounts = (params: ListServiceAccountsParams) =>
  useQuery(listServiceAccountsQueryOptions(params));
