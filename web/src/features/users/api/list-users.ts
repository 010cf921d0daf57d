import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { userKeys } from './keys';
import type { UserPage } from './types';

export const PAGE_SIZE = 25;

export interface ListUsersParams {
  search: string;
  cursor: string | null;
}

export function listUsers({ search, cursor }: ListUsersParams, signal?: AbortSignal): Promise<UserPage> {
  const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (search) q.set('search', search);
  if (cursor) q.set('cursor', cursor);
  return apiRequest<UserPage>(`/api/users?${q.toString()}`, { signal });
}

export const listUsersQueryOptions = (params: ListUsersParams) =>
  queryOptions({
    queryKey: userKeys.list(params),
    queryFn: ({ signal }) => listUsers(params, signal),
    // Keep the current page on screen while the next page or search result loads.
    placeholderData: keepPreviousData,
  });

export const useUsers = (params: ListUsersParams) => useQuery(listUsersQueryOptions(params));
