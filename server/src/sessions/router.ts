import type { SessionCookie } from './cookie.js';
import type { Request } from 'express';
import type { z } from 'zod';
import { auditContext } from '../http/audit-context.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { resolveSubjectUserId } from '../users/policy.js';
import { userPath } from '../users/schema.js';
import { endedSessionsSchema, sessionPath, userSessionListSchema } from './schema.js';
import type { UserSessionService } from './service.js';

const TAG = 'Sessions';
const BASE = '/api/users/{userId}/sessions';

/** The caller's own session's handle, when the request is made with a session of the user acted on. */
const currentHandle = (req: Request, userId: string): string | undefined =>
  req.principal?.authenticatedBy === 'session' && req.principal.user.id === userId ? req.session.handle : undefined;

/**
 * `/api/users/{userId}/sessions` (`me` or an id): one's own browser sessions, and for administrators anyone's.
 * Anyone else gets 404, as for every per-user resource.
 */
export function userSessionRoutes(sessions: UserSessionService, cookie: SessionCookie): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: BASE,
      tag: TAG,
      summary: 'List a user’s browser sessions (the user, or administrators)',
      auth: 'any',
      scope: { own: 'profile:read', others: 'admin:read' },
      request: { params: userPath },
      responses: {
        200: { description: 'The live sessions, most recently active first', schema: userSessionListSchema },
        ...problems(401, 404),
      },
      handler: async ({ params }, req, res) => {
        const userId = resolveSubjectUserId(req.principal, params.userId);
        const current = currentHandle(req, userId);
        const items = (await sessions.list(userId)).map((s) => ({
          id: s.handle,
          createdAt: new Date(s.createdAt).toISOString(),
          lastSeenAt: new Date(s.lastSeenAt).toISOString(),
          ip: s.ip,
          userAgent: s.userAgent,
          current: s.handle === current,
        }));
        res.json({ items } satisfies z.output<typeof userSessionListSchema>);
      },
    }),

    route({
      method: 'delete',
      path: BASE,
      tag: TAG,
      summary: 'Sign out everywhere else: end all the user’s sessions but the one making the request',
      description:
        'Ends every browser session of the user except the caller’s own (when the caller is that user, signed in ' +
        'with a session). An administrator ending another user’s sessions ends all of them.',
      auth: 'any',
      scope: { own: 'full-access', others: 'admin:write' },
      // ASVS 7.5.2: a stolen, older session must not be able to end its owner's (the thief's is the one to end).
      stepUp: true,
      request: { params: userPath },
      responses: { 200: { description: 'How many ended', schema: endedSessionsSchema }, ...problems(401, 403, 404) },
      handler: async ({ params }, req, res) => {
        const userId = resolveSubjectUserId(req.principal, params.userId);
        const ended = await sessions.revokeOthers(auditContext(req), userId, currentHandle(req, userId));
        res.json({ ended } satisfies z.output<typeof endedSessionsSchema>);
      },
    }),

    route({
      method: 'delete',
      path: `${BASE}/{sessionId}`,
      tag: TAG,
      summary: 'Sign one session out',
      auth: 'any',
      scope: { own: 'full-access', others: 'admin:write' },
      stepUp: true,
      request: { params: sessionPath },
      responses: { 204: { description: 'Signed out' }, ...problems(400, 401, 403, 404) },
      handler: async ({ params }, req, res) => {
        const userId = resolveSubjectUserId(req.principal, params.userId);
        await sessions.revoke(auditContext(req), userId, params.sessionId);
        // Signing out the session making the request: drop it here too, or express-session would save it back.
        if (params.sessionId === currentHandle(req, userId)) {
          await new Promise<void>((resolve, reject) => req.session.destroy((e) => (e ? reject(e) : resolve())));
          res.clearCookie(cookie.name, cookie.clear);
        }
        res.status(204).end();
      },
    }),
  ];
}
