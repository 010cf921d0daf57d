import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { projectKeys, projectsPath } from './keys';
import type { ProjectPage } from './types';

export const PAGE_SIZE = 25;

export interface ListProjectsParams {
  search: string;
  cursor: string | null;
}

export function listProjects({ search, cursor }: ListProjectsParams, signal?: AbortSignal): Promise<ProjectPage> {
  const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (search) q.set('search', search);
  if (cursor) q.set('cursor', cursor);
  return apiRequest<ProjectPage>(`${projectsPath()}?${q.toString()}`, { signal });
}

export const projectsQueryOptions = (params: ListProjectsParams) =>
  queryOptions({
    queryKey: projectKeys.list(params),
    queryFn: ({ signal }) => listProjects(params, signal),
    // Keep the current page on screen while the next page or search result loads.
    placeholderData: keepPreviousData,
  });

export const useProjects = (params: ListProjectsParams) => useQuery(projectsQueryOptions(params));
