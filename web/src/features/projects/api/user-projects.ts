import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { projectKeys } from './keys';
import type { UserProjects } from './types';

/** `me` reads your own; any other id needs an administrator. */
export const listUserProjects = (userId: string, signal?: AbortSignal) =>
  apiRequest<UserProjects>(`/api/users/${encodeURIComponent(userId)}/projects`, { signal });

export const userProjectsQueryOptions = (userId: string) =>
  queryOptions({ queryKey: projectKeys.ofUser(userId), queryFn: ({ signal }) => listUserProjects(userId, signal) });

export const useUserProjects = (userId: string) => useQuery(userProjectsQueryOptions(userId));
