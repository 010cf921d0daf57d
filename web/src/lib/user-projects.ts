import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from './api-client';
import type { components } from './api-types';

// `GET /api/users/{id}/projects`, shared: User Settings → Projects lists them, the Create application credential
// dialog offers the enabled ones. The projects feature's key builder extends this one, so its changes refresh both.

export type UserProject = components['schemas']['UserProject'];
export type UserProjects = components['schemas']['UserProjects'];

/** `me` and a user's id name the same list under two keys: invalidate `all`. */
export const userProjectKeys = {
  all: ['projects', 'of-user'] as const,
  of: (userId: string) => [...userProjectKeys.all, userId] as const,
};

/** `me` reads your own; a service account's owner reads its; any other id needs an administrator. */
export const listUserProjects = (userId: string, signal?: AbortSignal) =>
  apiRequest<UserProjects>(`/api/users/${encodeURIComponent(userId)}/projects`, { signal });

export const userProjectsQueryOptions = (userId: string) =>
  queryOptions({ queryKey: userProjectKeys.of(userId), queryFn: ({ signal }) => listUserProjects(userId, signal) });

export const useUserProjects = (userId: string) => useQuery(userProjectsQueryOptions(userId));
