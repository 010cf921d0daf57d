import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { projectKeys, projectsPath } from './keys';
import type { CreateProjectBody, Project } from './types';

export const createProject = (body: CreateProjectBody) => apiRequest<Project>(projectsPath(), { method: 'POST', body });

export function useCreateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createProject,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: projectKeys.lists() }),
  });
}
