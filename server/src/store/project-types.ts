import type { AuditEvent } from './audit.js';

// Keystone's projects and role assignments (issue 21): the types and the repository's contract; the Kysely
// implementation is in projects.ts.

/** The roles a user can hold in a project (Keystone's `member` and `admin`; `GET /v3/roles` lists them). */
export const PROJECT_ROLES = ['member', 'admin'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];
export const isProjectRole = (s: string): s is ProjectRole => (PROJECT_ROLES as readonly string[]).includes(s);

export interface Project {
  /** 32 hexadecimal characters, as Keystone's ids. */
  id: string;
  domainId: string;
  name: string;
  description: string;
  enabled: boolean;
  createdAt: string;
  createdBy: { id: string; username: string } | null;
  updatedAt: string;
}

export type NewProject = Omit<Project, 'createdBy'> & { createdBy: string | null };

export type ProjectChange = Partial<Pick<Project, 'name' | 'description' | 'enabled'>> & { updatedAt: string };

/** A project with the roles one user holds in it. */
export interface ProjectWithRoles extends Project {
  roles: ProjectRole[];
}

/** A role assignment as Keystone's `GET /v3/role_assignments` lists them. */
export interface RoleAssignment {
  projectId: string;
  userId: string;
  role: ProjectRole;
}

/** A member of a project with every role they hold there. */
export interface ProjectMember {
  user: { id: string; username: string; displayName: string; disabled: boolean };
  roles: ProjectRole[];
  since: string;
}

export interface ProjectFilter {
  /** Exact name, compared regardless of case (Keystone's `?name=`). */
  name?: string;
  /** A substring of the name or description (the console's search). */
  search?: string;
  /** Only the projects this user holds a role in. */
  memberId?: string;
  enabled?: boolean;
}

export interface ProjectPage {
  items: Project[];
  nextCursor: string | null;
}

/** Projects and role assignments; each change is written with its audit row in one transaction. */
export interface ProjectRepository {
  /** False when the name is taken in the domain (regardless of case); nothing is written then. */
  create(project: NewProject, audit: AuditEvent): Promise<boolean>;
  get(id: string): Promise<Project | undefined>;
  getByName(name: string): Promise<Project | undefined>;
  /** Ordered by name; `limit` at most a page, the cursor from the previous page. */
  list(filter: ProjectFilter & { limit: number; cursor?: string }): Promise<ProjectPage>;
  /** 'missing' when there is no such project, 'name_taken' when the new name is another project's. */
  update(id: string, change: ProjectChange, audit: AuditEvent): Promise<'updated' | 'missing' | 'name_taken'>;
  /** Deletes the project and its assignments; false when there is no such project. */
  delete(id: string, audit: AuditEvent): Promise<boolean>;
  /** Grants a role; false when the user already held it (nothing written, no audit row). */
  assign(a: RoleAssignment & { at: string; by: string | null }, audit: AuditEvent): Promise<boolean>;
  /** Takes a role away; false when the user did not hold it. */
  unassign(a: RoleAssignment, audit: AuditEvent): Promise<boolean>;
  /** Assignments matching every given field, ordered by project, user and role. */
  assignments(filter: Partial<RoleAssignment>): Promise<RoleAssignment[]>;
  /** The roles a user holds in a project (none when the user is not assigned). */
  rolesOf(userId: string, projectId: string): Promise<ProjectRole[]>;
  /** Every project a user holds a role in, with those roles, ordered by name. */
  projectsOf(userId: string): Promise<ProjectWithRoles[]>;
  /** A project's members, ordered by username. */
  members(projectId: string): Promise<ProjectMember[]>;
  /** How many users hold a role in each of these projects (a project with none is absent from the map). */
  memberCounts(projectIds: readonly string[]): Promise<Map<string, number>>;
}
