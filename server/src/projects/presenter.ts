import type { z } from 'zod';
import type { Project, ProjectMember, ProjectWithRoles } from '../store/store.js';
import type { projectMemberSchema, projectSchema, userProjectSchema } from './schema.js';

/** What leaves the server about a project, with how many members it has. */
export const presentProject = (p: Project, memberCount: number): z.output<typeof projectSchema> => ({
  id: p.id,
  domainId: p.domainId,
  name: p.name,
  description: p.description,
  enabled: p.enabled,
  createdAt: p.createdAt,
  createdBy: p.createdBy ? { id: p.createdBy.id, username: p.createdBy.username } : null,
  updatedAt: p.updatedAt,
  memberCount,
});

/** One of a user's projects, with the roles they hold there. */
export const presentUserProject = (p: ProjectWithRoles, memberCount: number): z.output<typeof userProjectSchema> => ({
  ...presentProject(p, memberCount),
  roles: [...p.roles],
});

/** A member: who, their roles and since when; nothing more of the user (not whether they are an administrator). */
export const presentMember = (m: ProjectMember): z.output<typeof projectMemberSchema> => ({
  user: { id: m.user.id, username: m.user.username, displayName: m.user.displayName },
  roles: [...m.roles],
  since: m.since,
});
