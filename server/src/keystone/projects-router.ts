import type { Request, RequestHandler } from 'express';
import type { z } from 'zod';
import { auditContext } from '../http/audit-context.js';
import type { Principal } from '../http/principal.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { route, type AnyRoute } from '../http/route.js';
import type { ProjectService, ProjectViewer } from '../projects/service.js';
import type { Project } from '../store/project-types.js';
import type { UserService } from '../users/service.js';
import { KeystoneProjectPresenter } from './project-presenter.js';
import { assertAdmin, subjectUser, viewerOf } from './project-policy.js';
import {
  keystoneProjectCreate,
  keystoneProjectList,
  keystoneProjectResponse,
  keystoneProjectUpdate,
  projectListQuery,
  projectPath,
  userPath,
} from './project-schema.js';
import { keystoneRoleRoutes } from './roles-router.js';
import { errors } from './schema.js';

const TAG = 'Keystone v3';
const PAGE = 200;

type Out<S extends z.ZodType> = z.output<S>;

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
 * console's `/api/projects` and these answer the same set. The roles and assignments are in roles-router.ts.
 */
export function keystoneProjectRoutes(deps: KeystoneProjectDeps): AnyRoute[] {
  const { projects, users, tokenOnly } = deps;
  const present = new KeystoneProjectPresenter(deps.origin, deps.domain);
  const before = [tokenOnly];
  const projectList = (req: Request, items: readonly Project[]): Out<typeof keystoneProjectList> => ({
    projects: items.map((p) => present.project(req, p)),
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

    ...keystoneRoleRoutes(deps),

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
        const userId = await subjectUser(users, p, params.userId, 'identity:list_user_projects');
        res.json(projectList(req, await ownProjects(p, userId, false)));
      },
    }),
  ];
}
