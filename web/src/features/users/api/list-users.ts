import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { userKeys } from './keys';
import type { UserPage } from './types';

export const PAGE_SIZE = 25;

export type RoleFilter = '' | 'user' | 'admin';
export type StatusFilter = '' | 'active' | 'disabled' | 'locked';

export interface ListUsersParams {
  search: string;
  role: RoleFilter;
  status: StatusFilter;
  cursor: string | null;
}

export function listUsers({ search, role, status, cursor }: ListUsersParams, signal?: AbortSignal): Promise<UserPage> {
  const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (search) q.set('search', search);
  if (role) q.set('role', role);
  if (status) q.set('status', status);
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
