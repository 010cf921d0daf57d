import { randomUUID } from 'node:crypto';
import type { AuditContext } from '../audit/context.js';
import type { AuditService } from '../audit/service.js';
import { Conflict, NotFound } from '../errors.js';
import type { Principal } from '../http/principal.js';
import { DOMAIN_ID } from '../keystone/domain.js';
import type {
  Project,
  ProjectFilter,
  ProjectMember,
  ProjectPage,
  ProjectRepository,
  ProjectRole,
  ProjectWithRoles,
  RoleAssignment,
  UserRepository,
} from '../store/store.js';

/** Who asks: the signed-in user (or a credential's owner) and, when the credential is limited to projects, those. */
export type ProjectViewer = Pick<Principal, 'projects'> & { user: Pick<Principal['user'], 'id' | 'role'> };

export interface NewProjectInput {
  name: string;
  description?: string;
  enabled?: boolean;
}

export type ProjectChangeInput = Partial<NewProjectInput>;

const NO_PROJECT = 'No such project.';
const NO_USER = 'No such user.';
/** Keystone's ids: 32 hexadecimal characters. */
const newProjectId = () => randomUUID().replace(/-/g, '');
const nameTaken = (name: string) =>
  new Conflict(`A project named "${name}" already exists in this domain.`, 'project_name_taken');
const auditDetails = (p: Pick<Project, 'id' | 'name'>) => ({ projectId: p.id, name: p.name });

/** An administrator's credential sees every project, unless it is limited to some; anyone else sees their own. */
const seesEveryProject = (v: ProjectViewer) => v.user.role === 'admin' && v.projects === undefined;

/**
 * Projects and role assignments (issue 21): the same service answers the console's `/api/projects` and Keystone's
 * `/v3/projects`. Who may change them is the routes' business (administrators with `admin:write`); who sees which is
 * decided here, so every surface lists the same set: administrators every project, a user the ones they hold a role
 * in, and a credential limited to projects (point 4) no more than those.
 */
export class ProjectService {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
  ) {}

  /** The projects the viewer sees, a page at a time in name order. */
  async list(viewer: ProjectViewer, filter: ProjectFilter & { limit: number; cursor?: string }): Promise<ProjectPage> {
    if (seesEveryProject(viewer)) return this.projects.list(filter);
    const page = await this.projects.list(
      viewer.user.role === 'admin' ? filter : { ...filter, memberId: viewer.user.id },
    );
    if (viewer.projects === undefined) return page;
    // A limited credential: the page's own members of the limit (the limit is a handful of ids; the page is small).
    return { ...page, items: page.items.filter((p) => viewer.projects!.includes(p.id)) };
  }

  /** A project the viewer sees, else 404 (never a hint that another project exists). */
  async get(viewer: ProjectViewer, id: string): Promise<Project> {
    const p = await this.projects.get(id);
    if (!p || !(await this.sees(viewer, p.id))) throw new NotFound(NO_PROJECT);
    return p;
  }

  /** Whether the viewer sees the project: an administrator, or a member; within the credential's limit. */
  async sees(viewer: ProjectViewer, projectId: string): Promise<boolean> {
    if (viewer.projects !== undefined && !viewer.projects.includes(projectId)) return false;
    if (viewer.user.role === 'admin') return true;
    return (await this.projects.rolesOf(viewer.user.id, projectId)).length > 0;
  }

  /** By name, regardless of case; undefined when there is none (Keystone's scope by name). */
  findByName(name: string): Promise<Project | undefined> {
    return this.projects.getByName(name);
  }

  find(id: string): Promise<Project | undefined> {
    return this.projects.get(id);
  }

  async create(ctx: AuditContext, input: NewProjectInput): Promise<Project> {
    const now = new Date().toISOString();
    const project = {
      id: newProjectId(),
      domainId: DOMAIN_ID,
      name: input.name,
      description: input.description ?? '',
      enabled: input.enabled ?? true,
      createdAt: now,
      createdBy: ctx.actor?.id ?? null,
      updatedAt: now,
    };
    const event = this.audit.event(ctx, { action: 'project.create', details: auditDetails(project) });
    if (!(await this.projects.create(project, event))) throw nameTaken(input.name);
    this.audit.logged(event);
    return (await this.projects.get(project.id))!;
  }

  async update(ctx: AuditContext, id: string, change: ProjectChangeInput): Promise<Project> {
    const before = await this.projects.get(id);
    if (!before) throw new NotFound(NO_PROJECT);
    const changed = Object.fromEntries(
      (['name', 'description', 'enabled'] as const)
        .filter((k) => change[k] !== undefined && change[k] !== before[k])
        .map((k) => [k, { from: before[k], to: change[k] }]),
    );
    const event = this.audit.event(ctx, {
      action: 'project.update',
      details: { ...auditDetails(before), changes: changed },
    });
    const result = await this.projects.update(id, { ...change, updatedAt: new Date().toISOString() }, event);
    if (result === 'name_taken') throw nameTaken(change.name!);
    if (result === 'missing') throw new NotFound(NO_PROJECT);
    this.audit.logged(event);
    return (await this.projects.get(id))!;
  }

  /** Deletes the project, its role assignments and the Keystone tokens scoped to it. */
  async delete(ctx: AuditContext, id: string): Promise<void> {
    const p = await this.projects.get(id);
    if (!p) throw new NotFound(NO_PROJECT);
    const event = this.audit.event(ctx, { action: 'project.delete', details: auditDetails(p) });
    if (!(await this.projects.delete(id, event))) throw new NotFound(NO_PROJECT);
    this.audit.logged(event);
  }

  /** Grants a role; true when it is new, false when the user already held it (nothing audited then). */
  async assign(ctx: AuditContext, projectId: string, userId: string, role: ProjectRole): Promise<boolean> {
    const { project, user } = await this.parties(projectId, userId);
    const event = this.audit.event(ctx, {
      action: 'project.assign_role',
      targetUserId: user.id,
      details: { ...auditDetails(project), username: user.username, role },
    });
    const added = await this.projects.assign(
      { projectId, userId, role, at: new Date().toISOString(), by: ctx.actor?.id ?? null },
      event,
    );
    if (added) this.audit.logged(event);
    return added;
  }

  /** Takes a role away; 404 when the user did not hold it (Keystone's answer). */
  async unassign(ctx: AuditContext, projectId: string, userId: string, role: ProjectRole): Promise<void> {
    const { project, user } = await this.parties(projectId, userId);
    const event = this.audit.event(ctx, {
      action: 'project.unassign_role',
      targetUserId: user.id,
      details: { ...auditDetails(project), username: user.username, role },
    });
    if (!(await this.projects.unassign({ projectId, userId, role }, event)))
      throw new NotFound(`${user.username} does not hold the role "${role}" in ${project.name}.`);
    this.audit.logged(event);
  }

  async members(viewer: ProjectViewer, projectId: string): Promise<ProjectMember[]> {
    await this.get(viewer, projectId);
    return this.projects.members(projectId);
  }

  /** A user's projects with their roles there (an administrator's view of anyone, or one's own). */
  projectsOf(userId: string): Promise<ProjectWithRoles[]> {
    return this.projects.projectsOf(userId);
  }

  /** How many users hold a role in each project (the console's Members column); 0 for none. */
  async memberCounts(projectIds: readonly string[]): Promise<(id: string) => number> {
    const counts = await this.projects.memberCounts(projectIds);
    return (id) => counts.get(id) ?? 0;
  }

  rolesOf(userId: string, projectId: string): Promise<ProjectRole[]> {
    return this.projects.rolesOf(userId, projectId);
  }

  assignments(filter: Partial<RoleAssignment>): Promise<RoleAssignment[]> {
    return this.projects.assignments(filter);
  }

  private async parties(projectId: string, userId: string) {
    const project = await this.projects.get(projectId);
    if (!project) throw new NotFound(NO_PROJECT);
    const user = await this.users.get(userId);
    if (!user) throw new NotFound(NO_USER);
    return { project, user };
  }
}
