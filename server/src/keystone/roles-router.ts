import type { Request } from 'express';
import type { z } from 'zod';
import { auditContext } from '../http/audit-context.js';
import { NotFound } from '../http/errors.js';
import type { Principal } from '../http/principal.js';
import { route, type AnyRoute } from '../http/route.js';
import type { ProjectViewer } from '../projects/service.js';
import { PROJECT_ROLES, isProjectRole, type ProjectRole } from '../store/project-types.js';
import { KeystoneProjectPresenter } from './project-presenter.js';
import { assertAdmin, subjectUser, viewerOf } from './project-policy.js';
import {
  grantPath,
  keystoneRoleAssignmentList,
  keystoneRoleList,
  keystoneRoleResponse,
  roleAssignmentQuery,
  roleListQuery,
  rolePath,
  userProjectsPath,
} from './project-schema.js';
import type { KeystoneProjectDeps } from './projects-router.js';
import { errors } from './schema.js';

const TAG = 'Keystone v3';

type Out<S extends z.ZodType> = z.output<S>;

function roleOf(roleId: string): ProjectRole {
  if (!isProjectRole(roleId)) throw new NotFound(`Could not find role: ${roleId}.`);
  return roleId;
}

/**
 * Keystone's roles and role assignments at /v3 (issue 21, point 1): administrators grant and revoke roles with
 * admin:write; the roles are read with admin:read, a user's roles in a project also by that user.
 */
export function keystoneRoleRoutes(deps: KeystoneProjectDeps): AnyRoute[] {
  const { projects, users, tokenOnly } = deps;
  const present = new KeystoneProjectPresenter(deps.origin, deps.domain);
  const before = [tokenOnly];
  const roleList = (req: Request, roles: readonly ProjectRole[]): Out<typeof keystoneRoleList> => ({
    roles: roles.map((r) => present.role(req, r)),
    links: present.listLinks(req),
  });
  /** The roles the path's user (as subjectUser allows) holds in the path's project, one the caller sees (else 404). */
  const heldRoles = async (p: Principal, params: { userId: string; projectId: string }, rule: string) => {
    const userId = await subjectUser(users, p, params.userId, rule);
    await projects.get(viewerOf(p), params.projectId);
    return projects.rolesOf(userId, params.projectId);
  };

  return [
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
