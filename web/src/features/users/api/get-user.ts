import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { userKeys } from './keys';
import type { User } from './types';

/** `me` reads yourself; any other id needs an administrator. */
export const getUser = (userId: string, signal?: AbortSignal) =>
  apiRequest<User>(`/api/users/${encodeURIComponent(userId)}`, { signal });

export const userQueryOptions = (userId: string) =>
  queryOptions({ queryKey: userKeys.detail(userId), queryFn: ({ signal }) => getUser(userId, signal) });

export const useUser = (userId: string) => useQuery(userQueryOptions(userId));
