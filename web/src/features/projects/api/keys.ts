import { userProjectKeys } from '../../../lib/user-projects';
import type { ListProjectsParams } from './list-projects';

/** Every projects query key is built here, so mutations invalidate exactly what they change. */
export const projectKeys = {
  all: ['projects'] as const,
  lists: () => [...projectKeys.all, 'list'] as const,
  list: (params: ListProjectsParams) => [...projectKeys.lists(), params] as const,
  detail: (projectId: string) => [...projectKeys.all, 'detail', projectId] as const,
  members: (projectId: string) => [...projectKeys.all, 'members', projectId] as const,
  /** A user's projects with their roles (User Settings, a user's page, the Create application credential dialog). */
  ofUsers: () => userProjectKeys.all,
  ofUser: userProjectKeys.of,
  /** The Add member picker's user search. */
  userSearch: (search: string) => [...projectKeys.all, 'user-search', search] as const,
};

export const projectsPath = (projectId?: string, rest = '') =>
  `/api/projects${projectId ? `/${encodeURIComponent(projectId)}` : ''}${rest}`;
