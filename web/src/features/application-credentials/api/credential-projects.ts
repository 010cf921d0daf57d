import { useQuery } from '@tanstack/react-query';
import { userProjectsQueryOptions, type UserProject, type UserProjects } from '../../../lib/user-projects';

/** A project a credential may be bound to, with the roles the user holds there (all of them preselected). */
export type CredentialProject = UserProject;

/** Where a credential may be bound: the enabled projects (the server refuses a disabled one, `project_disabled`). */
export const bindableProjects = (data: UserProjects): CredentialProject[] => data.items.filter((p) => p.enabled);

/** The Create dialog's choices: the user's projects through the shared query (its key and cache), the enabled ones. */
export const useCredentialProjects = (userId: string) =>
  useQuery({ ...userProjectsQueryOptions(userId), select: bindableProjects });
