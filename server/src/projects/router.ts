import type { z } from 'zod';
import { DomainError } from '../errors.js';
import { auditContext } from '../http/audit-context.js';
import { Forbidden, Unauthenticated } from '../http/errors.js';
import type { Principal } from '../http/principal.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { scopeBit } from '../scopes/vocabulary.js';
import { resolveCredentialSubject } from '../users/policy.js';
import type { UserService } from '../users/service.js';
import { presentMember, presentProject, presentUserProject } from './presenter.js';
import {
  createProjectSchema,
  listProjectsQuery,
  projectMembersSchema,
  projectPageSchema,
  projectPath,
  projectSchema,
  roleAssignmentPath,
  roleAssignmentSchema,
  updateProjectSchema,
  userProjectsPath,
  userProjectsSchema,
} from './schema.js';
import type { ProjectService, ProjectViewer } from './service.js';

const TAG = 'Projects';
const ADMIN_READ = scopeBit('admin:read');
const NAME_TAKEN_MESSAGE = 'is already used by another project';

function assertAdministrator(p: Principal | undefined): asserts p is Principal {
  if (!p) throw new Unauthenticated();
  if (p.user.role !== 'admin') throw new Forbidden('Only administrators can manage projects.');
}

/**
 * Who reads: an administrator's credential without `admin:read` (a `profile:read` token) sees what any user sees, the
 * projects its owner holds a role in; a credential limited to projects sees no more than those.
 */
function viewerOf(p: Principal): ProjectViewer {
  const admin = p.user.role === 'admin' && (p.scopes & ADMIN_READ) === ADMIN_READ;
  return { user: { id: p.user.id, role: admin ? 'admin' : 'user' }, ...(p.projects ? { projects: p.projects } : {}) };
}

/** A name taken is the `name` field's fault: the console shows it on the field, as a 400's field errors. */
async function naming<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'project_name_taken')
      throw new DomainError(409, err.code, err.title, err.message, {
        errors: [{ path: 'name', message: NAME_TAKEN_MESSAGE }],
      });
    throw err;
  }
}

/** `/api/projects`: administrators create and change projects and assign roles; members read theirs. */
export function projectRoutes(projects: ProjectService): AnyRoute[] {
  const present = async (p: Parameters<typeof presentProject>[0]) =>
    presentProject(p, (await projects.memberCounts([p.id]))(p.id));
  return [
    route({
      method: 'get',
      path: '/api/projects',
      tag: TAG,
      summary: 'List projects: every one for administrators, one’s own for anyone else',
      description:
        'Administrators (with `admin:read`) see every project; anyone else, and an administrator’s `profile:read` ' +
        'credential, the projects they hold a role in. In name order, a page at a time.',
      auth: 'any',
      scope: 'profile:read',
      request: { query: listProjectsQuery },
      responses: { 200: { description: 'A page of projects', schema: projectPageSchema }, ...problems(400, 401, 403) },
      handler: async ({ query: q }, req, res) => {
        const page = await projects.list(viewerOf(req.principal!), {
          limit: q.limit,
          ...(q.search ? { search: q.search } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
        });
        const count = await projects.memberCounts(page.items.map((p) => p.id));
        res.json({
          items: page.items.map((p) => presentProject(p, count(p.id))),
          nextCursor: page.nextCursor,
        } satisfies z.output<typeof projectPageSchema>);
      },
    }),

    route({
      method: 'post',
      path: '/api/projects',
      tag: TAG,
      summary: 'Create a project (administrators)',
      description:
        'The name is unique in the domain regardless of case (409 `project_name_taken`). Audited as `project.create`.',
      auth: 'any',
      scope: 'admin:write',
      request: { body: { schema: createProjectSchema } },
      responses: { 201: { description: 'Created', schema: projectSchema }, ...problems(400, 401, 403, 409) },
      handler: async ({ body }, req, res) => {
        assertAdministrator(req.principal);
        const p = await naming(projects.create(auditContext(req), body));
        res.status(201).location(`/api/projects/${p.id}`).json(presentProject(p, 0));
      },
    }),

    route({
      method: 'get',
      path: '/api/projects/{projectId}',
      tag: TAG,
      summary: 'Read a project (administrators, or its members)',
      auth: 'any',
      scope: 'profile:read',
      request: { params: projectPath },
      responses: { 200: { description: 'The project', schema: projectSchema }, ...problems(400, 401, 403, 404) },
      handler: async ({ params }, req, res) => {
        res.json(await present(await projects.get(viewerOf(req.principal!), params.projectId)));
      },
    }),

    route({
      method: 'patch',
      path: '/api/projects/{projectId}',
      tag: TAG,
      summary: 'Rename, describe, disable or enable a project (administrators)',
      description:
        'A disabled project keeps its members, but no Keystone token can be scoped to it until it is enabled ' +
        'again. Audited as `project.update`.',
      auth: 'any',
      scope: 'admin:write',
      request: { params: projectPath, body: { schema: updateProjectSchema } },
      responses: { 200: { description: 'The project', schema: projectSchema }, ...problems(400, 401, 403, 404, 409) },
      handler: async ({ params, body }, req, res) => {
        assertAdministrator(req.principal);
        await projects.get(viewerOf(req.principal), params.projectId);
        res.json(await present(await naming(projects.update(auditContext(req), params.projectId, body))));
      },
    }),

    route({
      method: 'delete',
      path: '/api/projects/{projectId}',
      tag: TAG,
      summary: 'Delete a project (administrators)',
      description:
        'Its members lose their roles there and the Keystone tokens scoped to it stop working at once. Audited as ' +
        '`project.delete`.',
      auth: 'any',
      scope: 'admin:write',
      stepUp: true,
      request: { params: projectPath },
      responses: { 204: { description: 'Deleted' }, ...problems(400, 401, 403, 404) },
      handler: async ({ params }, req, res) => {
        assertAdministrator(req.principal);
        await projects.get(viewerOf(req.principal), params.projectId);
        await projects.delete(auditContext(req), params.projectId);
        res.status(204).end();
      },
    }),

    route({
      method: 'get',
      path: '/api/projects/{projectId}/members',
      tag: TAG,
      summary: 'A project’s members and their roles (administrators, or its members)',
      auth: 'any',
      scope: 'profile:read',
      request: { params: projectPath },
      responses: {
        200: { description: 'The members, by username', schema: projectMembersSchema },
        ...problems(400, 401, 403, 404),
      },
      handler: async ({ params }, req, res) => {
        const members = await projects.members(viewerOf(req.principal!), params.projectId);
        res.json({ items: members.map(presentMember) } satisfies z.output<typeof projectMembersSchema>);
      },
    }),

    route({
      method: 'put',
      path: '/api/projects/{projectId}/members/{userId}/roles/{role}',
      tag: TAG,
      summary: 'Grant a user a role in a project (administrators)',
      description:
        '201 when granted, 200 when the user already held it (nothing changes). Audited as `project.assign_role`.',
      auth: 'any',
      scope: 'admin:write',
      request: { params: roleAssignmentPath },
      responses: {
        200: { description: 'Already held', schema: roleAssignmentSchema },
        201: { description: 'Granted', schema: roleAssignmentSchema },
        ...problems(400, 401, 403, 404),
      },
      handler: async ({ params: { projectId, userId, role } }, req, res) => {
        assertAdministrator(req.principal);
        await projects.get(viewerOf(req.principal), projectId);
        const added = await projects.assign(auditContext(req), projectId, userId, role);
        res.status(added ? 201 : 200).json({ projectId, userId, role } satisfies z.output<typeof roleAssignmentSchema>);
      },
    }),

    route({
      method: 'delete',
      path: '/api/projects/{projectId}/members/{userId}/roles/{role}',
      tag: TAG,
      summary: 'Take a role in a project away from a user (administrators)',
      description:
        '404 when the user does not hold it. Keystone tokens scoped to the project no longer carry the role. ' +
        'Audited as `project.unassign_role`.',
      auth: 'any',
      scope: 'admin:write',
      request: { params: roleAssignmentPath },
      responses: { 204: { description: 'Taken away' }, ...problems(400, 401, 403, 404) },
      handler: async ({ params: { projectId, userId, role } }, req, res) => {
        assertAdministrator(req.principal);
        await projects.get(viewerOf(req.principal), projectId);
        await projects.unassign(auditContext(req), projectId, userId, role);
        res.status(204).end();
      },
    }),
  ];
}

/**
 * `GET /api/users/{userId}/projects`: one's own projects (`me`), a service account's for its owning person, or an
 * administrator's view of anyone's. User Settings → Projects lists them; the Create application credential dialog
 * offers the enabled ones (a credential is bound to one), so it reads whoever's credentials it may manage
 * (resolveCredentialSubject). A credential limited to projects sees no others.
 */
export function userProjectsRoute(projects: ProjectService, users: Pick<UserService, 'get'>): AnyRoute {
  return route({
    method: 'get',
    path: '/api/users/{userId}/projects',
    tag: TAG,
    summary: 'The projects a user holds a role in, with their roles (oneself, one’s service accounts, administrators)',
    description:
      'Disabled projects too (`enabled: false`): no credential can be bound to one. A credential limited to projects ' +
      'sees only those.',
    auth: 'any',
    scope: { own: 'profile:read', others: 'admin:read' },
    request: { params: userProjectsPath },
    responses: {
      200: { description: 'The projects, by name', schema: userProjectsSchema },
      ...problems(400, 401, 403, 404),
    },
    handler: async ({ params }, req, res) => {
      const p = req.principal!;
      const user = await resolveCredentialSubject(p, params.userId, (id) => users.get(id));
      const limit = p.projects;
      const mine = (await projects.projectsOf(user.id)).filter((x) => !limit || limit.includes(x.id));
      const count = await projects.memberCounts(mine.map((x) => x.id));
      res.json({
        items: mine.map((x) => presentUserProject(x, count(x.id))),
      } satisfies z.output<typeof userProjectsSchema>);
    },
  });
}
