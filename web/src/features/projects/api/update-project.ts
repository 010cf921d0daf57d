import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { projectKeys, projectsPath } from './keys';
import type { Project, UpdateProjectBody } from './types';

export const updateProject = ({ id, ...body }: UpdateProjectBody & { id: string }) =>
  apiRequest<Project>(projectsPath(id), { method: 'PATCH', body });

/** Rename, describe, disable or enable: the project's page, the lists and every user's project list show it. */
export function useUpdateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProject,
    onSuccess: (saved) => {
      queryClient.setQueryData(projectKeys.detail(saved.id), saved);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: projectKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: projectKeys.ofUsers() }),
      ]);
    },
  });
}
