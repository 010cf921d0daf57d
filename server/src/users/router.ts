import type { z } from 'zod';
import type { SignInThrottle } from '../session/sign-in-throttle.js';
import { DomainError } from '../errors.js';
import { auditContext } from '../http/audit-context.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { presentUser } from './presenter.js';
import { assertAdmin, isAdmin, mayActOnCredentialsOf, resolveSubjectUserId } from './policy.js';
import {
  administratorsSchema,
  changeOwnPasswordSchema,
  createUserSchema,
  listUsersQuery,
  unlockResultSchema,
  updateUserSchema,
  userPageSchema,
  userPath,
  userSchema,
} from './schema.js';
import type { UserService } from './service.js';

const TAG = 'Users';
type UserPage = z.output<typeof userPageSchema>;

/** `/api/users`: administrators manage users; anyone reads themselves as `me`. */
export function userRoutes(users: UserService, throttle: Pick<SignInThrottle, 'check' | 'recordFailure'>): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/users',
      tag: TAG,
      summary: 'List users (administrators; people only, service accounts are at /api/service-accounts)',
      auth: 'any',
      scope: 'admin:read',
      request: { query: listUsersQuery },
      responses: { 200: { description: 'A page of users', schema: userPageSchema }, ...problems(400, 401, 403) },
      handler: async ({ query: q }, req, res) => {
        assertAdmin(req.principal);
        const page = await users.list(q);
        res.json({
          users: page.users.map(presentUser),
          nextCursor: page.nextCursor,
          total: page.total,
        } satisfies UserPage);
      },
    }),

    route({
      method: 'post',
      path: '/api/users',
      tag: TAG,
      summary: 'Create a user (administrators)',
      auth: 'any',
      scope: 'admin:write',
      request: { body: { schema: createUserSchema } },
      responses: { 201: { description: 'Created', schema: userSchema }, ...problems(400, 401, 403, 409) },
      handler: async ({ body: input }, req, res) => {
        assertAdmin(req.principal);
        const user = await users.create(auditContext(req), input);
        res
          .status(201)
          .location(`/api/users/${user.id}`)
          .json(presentUser(await users.describeOne(user)));
      },
    }),

    // Anyone may read themselves (`me`); only administrators may read others.
    route({
      method: 'get',
      path: '/api/users/{userId}',
      tag: TAG,
      summary: 'Read a user (administrators, anyone for `me`, a service account’s owner for it)',
      auth: 'any',
      scope: { own: 'profile:read', others: 'admin:read' },
      request: { params: userPath },
      responses: { 200: { description: 'The user', schema: userSchema }, ...problems(401, 403, 404) },
      handler: async ({ params }, req, res) => {
        const param = params.userId;
        if (param !== 'me' && !isAdmin(req.principal)) {
          // A service account's owning person reads it (its console page); anyone else is refused as before.
          const account = await users.find(param);
          if (!account || !mayActOnCredentialsOf(req.principal!, account)) assertAdmin(req.principal);
          res.json(presentUser(await users.describeOne(account!)));
          return;
        }
        const id = resolveSubjectUserId(req.principal, param);
        res.json(presentUser(await users.describeOne(await users.get(id))));
      },
    }),

    route({
      method: 'patch',
      path: '/api/users/{userId}',
      tag: TAG,
      summary: 'Update a user: name, role, disabled, password, API tokens on/off (administrators)',
      description:
        'A password set here (an administrator resetting someone else’s) ends all that user’s browser sessions and ' +
        'Keystone tokens. One’s own password changes only with `POST /api/users/me/password` (400 here).',
      auth: 'any',
      scope: { own: 'full-access', others: 'admin:write' },
      stepUp: ({ body }) => body.password !== undefined || body.role !== undefined,
      request: { params: userPath, body: { schema: updateUserSchema } },
      responses: { 200: { description: 'The user', schema: userSchema }, ...problems(400, 401, 403, 404) },
      handler: async ({ params, body: input }, req, res) => {
        assertAdmin(req.principal);
        const id = resolveSubjectUserId(req.principal, params.userId);
        const { user } = await users.update(auditContext(req), id, input);
        res.json(presentUser(await users.describeOne(user)));
      },
    }),

    // Anyone changes their own password, administrators too, with the current one (F-7).
    route({
      method: 'post',
      path: '/api/users/me/password',
      tag: TAG,
      summary: 'Change one’s own password (with the current one)',
      description:
        'Ends the caller’s other browser sessions and all their Keystone tokens; the session making the request ' +
        'stays signed in. A wrong current password is 403 `current_password_incorrect` and counts as a failed sign-in.',
      auth: 'any',
      scope: 'full-access',
      stepUp: true,
      request: { body: { schema: changeOwnPasswordSchema } },
      responses: { 204: { description: 'Changed' }, ...problems(400, 401, 403, 429) },
      handler: async ({ body }, req, res) => {
        const p = req.principal!;
        // A wrong current password is a guess like a wrong sign-in: the same throttle, keyed on the username here.
        await throttle.check(req, p.user.username);
        const keep = p.authenticatedBy === 'session' ? req.session.handle : undefined;
        try {
          await users.changeOwnPassword(auditContext(req), p.user.id, body, keep);
        } catch (err) {
          if (err instanceof DomainError && err.code === 'current_password_incorrect')
            await throttle.recordFailure(req, p.user.username);
          throw err;
        }
        res.status(204).end();
      },
    }),

    // An administrator lifts the temporary lockout that failed sign-ins put on a username.
    route({
      method: 'post',
      path: '/api/users/{userId}/unlock',
      tag: TAG,
      summary: 'Lift a temporary sign-in lockout (administrators)',
      description:
        'Lifts the lockout that repeated failed sign-ins put on the username; `wasLocked` says whether there was ' +
        'one. Limits on the addresses the attempts came from are not lifted. 503 while the shared counters (Redis) ' +
        'cannot be reached: an unlock on one replica alone would not let the person in.',
      auth: 'any',
      scope: 'admin:write',
      request: { params: userPath },
      responses: {
        200: { description: 'What was done', schema: unlockResultSchema },
        ...problems(401, 403, 404, 503),
      },
      handler: async ({ params }, req, res) => {
        assertAdmin(req.principal);
        const id = resolveSubjectUserId(req.principal, params.userId);
        res.json((await users.unlock(auditContext(req), id)) satisfies z.output<typeof unlockResultSchema>);
      },
    }),
  ];
}

/** `GET /api/administrators`: whom to contact about one's account (the "API tokens are off" notice); any credential. */
export function administratorsRoute(users: UserService): AnyRoute {
  return route({
    method: 'get',
    path: '/api/administrators',
    tag: TAG,
    summary: 'The enabled administrators’ names (any signed-in caller)',
    auth: 'any',
    scope: 'profile:read',
    responses: { 200: { description: 'Whom to contact', schema: administratorsSchema }, ...problems(401) },
    handler: async (_input, _req, res) => {
      res.json({ items: await users.administrators() } satisfies z.output<typeof administratorsSchema>);
    },
  });
}
