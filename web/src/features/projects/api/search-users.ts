import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { projectKeys } from './keys';
import type { UserPage } from './types';

/** How many users the Add member picker offers at once: type more of the name to narrow it. */
export const PICKER_SIZE = 8;

/** The users and service accounts whose username or display name contains `search` (administrators). */
export const searchUsers = (search: string, signal?: AbortSignal) => {
  const q = new URLSearchParams({ limit: String(PICKER_SIZE), kind: 'any' });
  if (search) q.set('search', search);
  return apiRequest<UserPage>(`/api/users?${q.toString()}`, { signal });
};

export const userSearchQueryOptions = (search: string) =>
  queryOptions({
    queryKey: projectKeys.userSearch(search),
    queryFn: ({ signal }) => searchUsers(search, signal),
    placeholderData: keepPreviousData,
  });

export const useUserSearch = (search: string) => useQuery(userSearchQueryOptions(search));
