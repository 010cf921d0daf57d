import type { QueryClient } from '@tanstack/react-query';
import { projectKeys, projectsPath } from './keys';
import type { ProjectRole } from './types';

/** One role of one user in one project: what Grant and Remove act on. */
export interface RoleChange {
  projectId: string;
  userId: string;
  role: ProjectRole;
}

export const rolePath = ({ projectId, userId, role }: RoleChange) =>
  projectsPath(projectId, `/members/${encodeURIComponent(userId)}/roles/${encodeURIComponent(role)}`);

/** A role changed: the project's members and member count, the lists' Members column and that user's projects. */
export const refreshAfterRoleChange = (queryClient: QueryClient, { projectId, userId }: RoleChange) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: projectKeys.members(projectId) }),
    queryClient.invalidateQueries({ queryKey: projectKeys.detail(projectId) }),
    queryClient.invalidateQueries({ queryKey: projectKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: projectKeys.ofUser(userId) }),
    queryClient.invalidateQueries({ queryKey: projectKeys.ofUser('me') }),
  ]);
