import type { z } from 'zod';
import type { AuditService } from '../audit/service.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { presentUser } from './presenter.js';
import { assertAdmin, resolveSubjectUserId } from './policy.js';
import { createUserSchema, listUsersQuery, updateUserSchema, userPageSchema, userPath, userSchema } from './schema.js';
import type { UserService } from './service.js';
import { Forbidden } from '../http/errors.js';

/** Lifts a user's temporary sign-in lockout (the per-username throttle). */
export interface LockoutLifter {
  reset(username: string): Promise<void>;
}

const TAG = 'Users';
type UserPage = z.output<typeof userPageSchema>;

/** `/api/users`: administrators manage users; anyone reads themselves as `me`. */
export function userRoutes(users: UserService, audit: AuditService, lockout?: LockoutLifter): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/users',
      tag: TAG,
      summary: 'List users (administrators)',
      auth: 'any',
      request: { query: listUsersQuery },
      responses: { 200: { description: 'A page of users', schema: userPageSchema }, ...problems(400, 401, 403) },
      handler: async ({ query: q }, req, res) => {
        assertAdmin(req.principal);
        const page = await users.list(q);
        res.json({ users: page.users.map(presentUser), nextCursor: page.nextCursor } satisfies UserPage);
      },
    }),

    route({
      method: 'post',
      path: '/api/users',
      tag: TAG,
      summary: 'Create a user (administrators)',
      auth: 'any',
      request: { body: { schema: createUserSchema } },
      responses: { 201: { description: 'Created', schema: userSchema }, ...problems(400, 401, 403, 409) },
      handler: async ({ body: input }, req, res) => {
        assertAdmin(req.principal);
        const user = await users.create(input);
        await audit.record(req, {
          action: 'user.create',
          targetUserId: user.id,
          details: { username: user.username, role: user.role },
        });
        res.status(201).location(`/api/users/${user.id}`).json(presentUser(user));
      },
    }),

    // Anyone may read themselves (`me`); only administrators may read others.
    route({
      method: 'get',
      path: '/api/users/{userId}',
      tag: TAG,
      summary: 'Read a user (administrators, or anyone for `me`)',
      auth: 'any',
      request: { params: userPath },
      responses: { 200: { description: 'The user', schema: userSchema }, ...problems(401, 403, 404) },
      handler: async ({ params }, req, res) => {
        const param = params.userId;
        if (param !== 'me') assertAdmin(req.principal);
        const id = resolveSubjectUserId(req.principal, param);
        res.json(presentUser(await users.get(id)));
      },
    }),

    route({
      method: 'patch',
      path: '/api/users/{userId}',
      tag: TAG,
      summary: 'Update a user: name, role, disabled, password, API tokens on/off (administrators)',
      auth: 'any',
      request: { params: userPath, body: { schema: updateUserSchema } },
      responses: { 200: { description: 'The user', schema: userSchema }, ...problems(400, 401, 403, 404) },
      handler: async ({ params, body: input }, req, res) => {
        assertAdmin(req.principal);
        const id = resolveSubjectUserId(req.principal, params.userId);
        if (!req.principal) throw new Forbidden();
        const { user, changed } = await users.update(req.principal.user.id, id, input);
        if (changed.length > 0)
          await audit.record(req, { action: 'user.update', targetUserId: id, details: { changed } });
        res.json(presentUser(user));
      },
    }),

    // An administrator lifts the temporary lockout that failed sign-ins put on a username.
    route({
      method: 'post',
      path: '/api/users/{userId}/unlock',
      tag: TAG,
      summary: 'Lift a temporary sign-in lockout (administrators)',
      auth: 'any',
      request: { params: userPath },
      responses: { 204: { description: 'Unlocked' }, ...problems(401, 403, 404) },
      handler: async ({ params }, req, res) => {
        assertAdmin(req.principal);
        const id = resolveSubjectUserId(req.principal, params.userId);
        const user = await users.get(id);
        await lockout?.reset(user.username);
        await audit.record(req, { action: 'user.unlock', targetUserId: user.id, details: { username: user.username } });
        res.status(204).end();
      },
    }),
  ];
}
