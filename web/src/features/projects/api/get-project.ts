import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { projectKeys, projectsPath } from './keys';
import type { Project } from './types';

export const getProject = (projectId: string, signal?: AbortSignal) =>
  apiRequest<Project>(projectsPath(projectId), { signal });

export const projectQueryOptions = (projectId: string) =>
  queryOptions({ queryKey: projectKeys.detail(projectId), queryFn: ({ signal }) => getProject(projectId, signal) });

export const useProject = (projectId: string) => useQuery(projectQueryOptions(projectId));
