import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { projectKeys, projectsPath } from './keys';
import type { ProjectMembers } from './types';

export const listMembers = (projectId: string, signal?: AbortSignal) =>
  apiRequest<ProjectMembers>(projectsPath(projectId, '/members'), { signal });

export const membersQueryOptions = (projectId: string) =>
  queryOptions({ queryKey: projectKeys.members(projectId), queryFn: ({ signal }) => listMembers(projectId, signal) });

export const useMembers = (projectId: string) => useQuery(membersQueryOptions(projectId));
