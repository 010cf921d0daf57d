import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { auditContext } from '../http/audit-context.js';
import { Forbidden, NotFound } from '../http/errors.js';
import type { Principal } from '../http/principal.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { route, type AnyRoute, type ResponseSpec } from '../http/route.js';
import type { ProjectService, ProjectViewer } from '../projects/service.js';
import { scopeBit } from '../scopes/vocabulary.js';
import { PROJECT_ROLES, isProjectRole, type Project, type ProjectRole } from '../store/projects.js';
import type { UserService } from '../users/service.js';
import { KeystoneProjectPresenter } from './project-presenter.js';
import {
  grantPath,
  keystoneProjectCreate,
  keystoneProjectList,
  keystoneProjectResponse,
  keystoneProjectUpdate,
  keystoneRoleAssignmentList,
  keystoneRoleList,
  keystoneRoleResponse,
  projectListQuery,
  projectPath,
  roleAssignmentQuery,
  roleListQuery,
  rolePath,
  userPath,
  userProjectsPath,
} from './project-schema.js';
import { keystoneErrorResponse } from './schema.js';

const TAG = 'Keystone v3';
const ADMIN_READ = scopeBit('admin:read');
const PAGE = 200;
const errors = (...statuses: number[]): Record<number, ResponseSpec> =>
  Object.fromEntries(statuses.map((s) => [s, { description: 'Keystone error', schema: keystoneErrorResponse }]));

type Out<S extends z.ZodType> = z.output<S>;

/** Keystone's 403 names the policy rule that refused: `identity:create_project` and the like. */
function assertAdmin(p: Principal, rule: string) {
  if (p.user.role !== 'admin') throw new Forbidden(`You are not authorized to perform the requested action: ${rule}.`);
}

/** Who reads: an administrator's credential without admin:read reads as a user (their own projects). */
function viewerOf(p: Principal): ProjectViewer {
  const admin = p.user.role === 'admin' && (p.scopes & ADMIN_READ) === ADMIN_READ;
  return { user: { id: p.user.id, role: admin ? 'admin' : 'user' }, ...(p.projects ? { projects: p.projects } : {}) };
}

function roleOf(roleId: string): ProjectRole {
  if (!isProjectRole(roleId)) throw new NotFound(`Could not find role: ${roleId}.`);
  return roleId;
}

export interface KeystoneProjectDeps {
  projects: ProjectService;
  users: Pick<UserService, 'find'>;
  origin: PublicOrigin;
  domain: () => { id: string; name: string };
  /** Token-only credentials (no console cookie), as the rest of /v3. */
  tokenOnly: RequestHandler;
}

/**
 * Keystone's projects, roles and role assignments at /v3 (issue 21, point 1): administrators change them with
 * admin:write; reads need admin:read or are the caller's own. Everything goes through the ProjectService, so the
 * console's `/api/projects` and these answer the same set.
 */
export function keystoneProjectRoutes(deps: KeystoneProjectDeps): AnyRoute[] {
  const { projects, users, tokenOnly } = deps;
  const present = new KeystoneProjectPresenter(deps.origin, deps.domain);
  const before = [tokenOnly];
  const projectList = (req: Request, items: readonly Project[]): Out<typeof keystoneProjectList> => ({
    projects: items.map((p) => present.project(req, p)),
    links: present.listLinks(req),
  });
  const roleList = (req: Request, roles: readonly ProjectRole[]): Out<typeof keystoneRoleList> => ({
    roles: roles.map((r) => present.role(req, r)),
    links: present.listLinks(req),
  });
  /** Every project the viewer sees that matches, a page at a time (Keystone answers lists whole). */
  const allProjects = async (viewer: ProjectViewer, filter: { name?: string; enabled?: boolean }) => {
    const out: Project[] = [];
    let cursor: string | undefined;
    do {
      const page = await projects.list(viewer, { ...filter, limit: PAGE, ...(cursor ? { cursor } : {}) });
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  };
  /** The caller's own projects (with a limited credential, only those within its limit). */
  const ownProjects = async (p: Principal, userId: string, enabledOnly: boolean) => {
    const mine = await projects.projectsOf(userId);
    return mine.filter((x) => (!enabledOnly || x.enabled) && (!p.projects || p.projects.includes(x.id)));
  };
  /** The path's user is the caller, or the caller is an administrator (404 for an unknown user then). */
  const subjectUser = async (p: Principal, userId: string, rule: string) => {
    if (userId === p.user.id) return userId;
    assertAdmin(p, rule);
    if (!(await users.find(userId))) throw new NotFound(`Could not find user: ${userId}.`);
    return userId;
  };
  /** The roles the path's user (as subjectUser allows) holds in the path's project, one the caller sees (else 404). */
  const heldRoles = async (p: Principal, params: { userId: string; projectId: string }, rule: string) => {
    const userId = await subjectUser(p, params.userId, rule);
    await projects.get(viewerOf(p), params.projectId);
    return projects.rolesOf(userId, params.projectId);
  };

  return [
    route({
      method: 'get',
      path: '/v3/projects',
      tag: TAG,
      summary: 'List projects: administrators see every project, other users the ones they hold a role in',
      auth: 'any',
      scope: 'profile:read',
      request: { query: projectListQuery },
      responses: { 200: { description: 'Projects', schema: keystoneProjectList }, ...errors(400, 401, 403) },
      before,
      handler: async ({ query }, req, res) => {
        const filter = {
          ...(query.name !== undefined ? { name: query.name } : {}),
          ...(query.enabled !== undefined ? { enabled: query.enabled } : {}),
        };
        res.json(projectList(req, await allProjects(viewerOf(req.principal!), filter)));
      },
    }),

    route({
      method: 'post',
      path: '/v3/projects',
      tag: TAG,
      summary: 'Create a project (administrators); names are unique in the domain regardless of case',
      auth: 'any',
      scope: 'admin:write',
      request: { body: { schema: keystoneProjectCreate } },
      responses: {
        201: { description: 'Created', schema: keystoneProjectResponse },
        ...errors(400, 401, 403, 409),
      },
      before,
      handler: async ({ body }, req, res) => {
        assertAdmin(req.principal!, 'identity:create_project');
        const { name, description, enabled } = body.project;
        const p = await projects.create(auditContext(req), {
          name,
          ...(description !== undefined ? { description } : {}),
          ...(enabled !== undefined ? { enabled } : {}),
        });
        res.status(201).json({ project: present.project(req, p) } satisfies Out<typeof keystoneProjectResponse>);
      },
    }),

    route({
      method: 'get',
      path: '/v3/projects/{projectId}',
      tag: TAG,
      summary: 'Show a project the caller sees (an administrator any; a user one they hold a role in)',
      auth: 'any',
      scope: 'profile:read',
      request: { params: projectPath },
      responses: { 200: { description: 'The project', schema: keystoneProjectResponse }, ...errors(401, 403, 404) },
      before,
      handler: async ({ params }, req, res) => {
        const p = await projects.get(viewerOf(req.principal!), params.projectId);
        res.json({ project: present.project(req, p) } satisfies Out<typeof keystoneProjectResponse>);
      },
    }),

    route({
      method: 'patch',
      path: '/v3/projects/{projectId}',
      tag: TAG,
      summary: 'Rename, describe, enable or disable a project (administrators)',
      description: 'Disabling a project refuses its project-scoped tokens until it is enabled again.',
      auth: 'any',
      scope: 'admin:write',
      request: { params: projectPath, body: { schema: keystoneProjectUpdate } },
      responses: {
        200: { description: 'Updated', schema: keystoneProjectResponse },
        ...errors(400, 401, 403, 404, 409),
      },
      before,
      handler: async ({ params, body }, req, res) => {
        assertAdmin(req.principal!, 'identity:update_project');
        const { name, description, enabled } = body.project;
        const p = await projects.update(auditContext(req), params.projectId, {
          ...(name !== undefined ? { name } : {}),
          ...(description !== undefined ? { description } : {}),
          ...(enabled !== undefined ? { enabled } : {}),
        });
        res.json({ project: present.project(req, p) } satisfies Out<typeof keystoneProjectResponse>);
      },
    }),

    route({
      method: 'delete',
      path: '/v3/projects/{projectId}',
      tag: TAG,
      summary: 'Delete a project, its role assignments and the tokens scoped to it (administrators)',
      auth: 'any',
      scope: 'admin:write',
      request: { params: projectPath },
      responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404) },
      before,
      handler: async ({ params }, req, res) => {
        assertAdmin(req.principal!, 'identity:delete_project');
        await projects.delete(auditContext(req), params.projectId);
        res.status(204).end();
      },
    }),

    route({
      method: 'get',
      path: '/v3/roles',
      tag: TAG,
      summary: 'List the roles a user can hold in a project: member and admin (administrators)',
      auth: 'any',
      scope: 'admin:read',
      request: { query: roleListQuery },
      responses: { 200: { description: 'Roles', schema: keystoneRoleList }, ...errors(400, 401, 403) },
      before,
      handler: ({ query }, req, res) => {
        assertAdmin(req.principal!, 'identity:list_roles');
        const roles = PROJECT_ROLES.filter((r) => query.name === undefined || r === query.name);
        res.json(roleList(req, roles));
      },
    }),

    route({
      method: 'get',
      path: '/v3/roles/{roleId}',
      tag: TAG,
      summary: 'Show a role (administrators)',
      auth: 'any',
      scope: 'admin:read',
      request: { params: rolePath },
      responses: { 200: { description: 'The role', schema: keystoneRoleResponse }, ...errors(401, 403, 404) },
      before,
      handler: ({ params }, req, res) => {
        assertAdmin(req.principal!, 'identity:get_role');
        res.json({ role: present.role(req, roleOf(params.roleId)) } satisfies Out<typeof keystoneRoleResponse>);
      },
    }),

    route({
      method: 'get',
      path: '/v3/projects/{projectId}/users/{userId}/roles',
      tag: TAG,
      summary: 'The roles a user holds in a project (the user themselves, or an administrator)',
      auth: 'any',
      scope: { own: 'profile:read', others: 'admin:read' },
      request: { params: userProjectsPath },
      responses: { 200: { description: 'Roles', schema: keystoneRoleList }, ...errors(401, 403, 404) },
      before,
      handler: async ({ params }, req, res) => {
        res.json(roleList(req, await heldRoles(req.principal!, params, 'identity:list_grants')));
      },
    }),

    ...grantRoutes(),

    route({
      method: 'get',
      path: '/v3/role_assignments',
      tag: TAG,
      summary: 'List role assignments (administrators), filtered by user.id, scope.project.id and role.id',
      auth: 'any',
      scope: 'admin:read',
      request: { query: roleAssignmentQuery },
      responses: {
        200: { description: 'Role assignments', schema: keystoneRoleAssignmentList },
        ...errors(400, 401, 403),
      },
      before,
      handler: async ({ query }, req, res) => {
        assertAdmin(req.principal!, 'identity:list_role_assignments');
        const role = query['role.id'];
        const found =
          role !== undefined && !isProjectRole(role)
            ? []
            : await projects.assignments({
                ...(query['user.id'] !== undefined ? { userId: query['user.id'] } : {}),
                ...(query['scope.project.id'] !== undefined ? { projectId: query['scope.project.id'] } : {}),
                ...(role !== undefined ? { role: role as ProjectRole } : {}),
              });
        const names = query.include_names ? await namesOf(found) : undefined;
        res.json({
          role_assignments: found.map((a) => present.assignment(req, a, names)),
          links: present.listLinks(req),
        } satisfies Out<typeof keystoneRoleAssignmentList>);
      },
    }),

    route({
      method: 'get',
      path: '/v3/auth/projects',
      tag: TAG,
      summary: 'The enabled projects the caller can scope a token to',
      auth: 'any',
      scope: 'profile:read',
      responses: { 200: { description: 'Projects', schema: keystoneProjectList }, ...errors(401, 403) },
      before,
      handler: async (_input, req, res) => {
        const p = req.principal!;
        res.json(projectList(req, await ownProjects(p, p.user.id, true)));
      },
    }),

    route({
      method: 'get',
      path: '/v3/users/{userId}/projects',
      tag: TAG,
      summary: 'The projects a user holds a role in (the user themselves, or an administrator)',
      auth: 'any',
      scope: { own: 'profile:read', others: 'admin:read' },
      request: { params: userPath },
      responses: { 200: { description: 'Projects', schema: keystoneProjectList }, ...errors(401, 403, 404) },
      before,
      handler: async ({ params }, req, res) => {
        const p = req.principal!;
        const userId = await subjectUser(p, params.userId, 'identity:list_user_projects');
        res.json(projectList(req, await ownProjects(p, userId, false)));
      },
    }),
  ];

  /** PUT grants, HEAD checks, DELETE revokes a user's role in a project: 204, or 404 for an unknown party. */
  function grantRoutes(): AnyRoute[] {
    const path = '/v3/projects/{projectId}/users/{userId}/roles/{roleId}';
    const common = { path, tag: TAG, auth: 'any' as const, request: { params: grantPath }, before };
    return [
      route({
        ...common,
        method: 'put',
        summary: 'Grant a user a role in a project (administrators)',
        scope: 'admin:write',
        responses: { 204: { description: 'Granted (or already held)' }, ...errors(401, 403, 404) },
        handler: async ({ params }, req, res) => {
          assertAdmin(req.principal!, 'identity:create_grant');
          await projects.assign(auditContext(req), params.projectId, params.userId, roleOf(params.roleId));
          res.status(204).end();
        },
      }),
      route({
        ...common,
        method: 'head',
        summary: 'Check that a user holds a role in a project (the user themselves, or an administrator)',
        scope: { own: 'profile:read', others: 'admin:read' },
        responses: {
          204: { description: 'Held' },
          401: { description: 'No credential' },
          404: { description: 'Not held' },
        },
        handler: async ({ params }, req, res) => {
          const role = roleOf(params.roleId);
          if (!(await heldRoles(req.principal!, params, 'identity:check_grant')).includes(role)) throw new NotFound();
          res.status(204).end();
        },
      }),
      route({
        ...common,
        method: 'delete',
        summary: 'Take a role in a project away from a user (administrators)',
        scope: 'admin:write',
        responses: { 204: { description: 'Revoked' }, ...errors(401, 403, 404) },
        handler: async ({ params }, req, res) => {
          assertAdmin(req.principal!, 'identity:revoke_grant');
          await projects.unassign(auditContext(req), params.projectId, params.userId, roleOf(params.roleId));
          res.status(204).end();
        },
      }),
    ];
  }

  /** The names `include_names` adds: each project's name and members (every assigned user is a member). */
  async function namesOf(found: readonly { projectId: string }[]) {
    const everyProject: ProjectViewer = { user: { id: '', role: 'admin' } };
    const projectIds = [...new Set(found.map((a) => a.projectId))];
    const looked = await Promise.all(
      projectIds.map(async (id) => ({
        project: await projects.find(id),
        members: await projects.members(everyProject, id),
      })),
    );
    return {
      users: new Map(looked.flatMap((l) => l.members.map((m) => [m.user.id, m.user.username] as const))),
      projects: new Map(looked.flatMap((l) => (l.project ? [[l.project.id, l.project.name] as const] : []))),
    };
  }
}
