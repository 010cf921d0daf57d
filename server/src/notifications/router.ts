import type { z } from 'zod';
import { Unauthenticated } from '../errors.js';
import type { Principal } from '../http/principal.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import {
  listNotificationsQuery,
  markedAllSchema,
  markNotificationSchema,
  notificationPageSchema,
  notificationPath,
  notificationSchema,
} from './schema.js';
import type { NotificationService } from './service.js';

const TAG = 'Notifications';
const BASE = '/api/users/me/notifications';
type Item = z.output<typeof notificationSchema>;

const present = (n: Item): Item => ({
  id: n.id,
  kind: n.kind,
  message: n.message,
  createdAt: n.createdAt,
  readAt: n.readAt,
  link: n.link,
  tokenId: n.tokenId,
});

const me = (p: Principal | undefined): string => {
  if (!p) throw new Unauthenticated();
  return p.user.id;
};

// Marking read changes only the reader's own view of their notifications — no credential, no account setting — so
// it takes the scope reading them does (GitHub's notifications API asks one scope for both), not full access.
const SCOPE = 'profile:read';

/** `/api/users/me/notifications`: the caller's own notifications (the top bar's bell). */
export function notificationRoutes(notifications: NotificationService): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: BASE,
      tag: TAG,
      summary: 'List your notifications, newest first, with the unread count',
      description:
        'Tokens expiring (7 days, 1 day) or expired, revoked or suspended by an administrator, created for you by ' +
        'one, about to be revoked for inactivity. Pages follow `nextCursor`.',
      auth: 'any',
      scope: SCOPE,
      request: { query: listNotificationsQuery },
      responses: {
        200: { description: 'A page of notifications', schema: notificationPageSchema },
        ...problems(400, 401, 403),
      },
      handler: async ({ query }, req, res) => {
        const page = await notifications.page(me(req.principal), query);
        res.json({ ...page, items: page.items.map(present) } satisfies z.output<typeof notificationPageSchema>);
      },
    }),

    route({
      method: 'patch',
      path: `${BASE}/{id}`,
      tag: TAG,
      summary: 'Mark one of your notifications read or unread',
      description: 'Another user’s notification answers 404, as one that does not exist.',
      auth: 'any',
      scope: SCOPE,
      request: { params: notificationPath, body: { schema: markNotificationSchema } },
      responses: {
        200: { description: 'The notification', schema: notificationSchema },
        ...problems(400, 401, 403, 404),
      },
      handler: async ({ params, body }, req, res) => {
        res.json(present(await notifications.setRead(me(req.principal), params.id, body.read)));
      },
    }),

    route({
      method: 'post',
      path: `${BASE}/read`,
      tag: TAG,
      summary: 'Mark all your notifications read',
      auth: 'any',
      scope: SCOPE,
      responses: {
        200: { description: 'How many were marked', schema: markedAllSchema },
        ...problems(401, 403),
      },
      handler: async (_input, req, res) => {
        res.json({ marked: await notifications.markAllRead(me(req.principal)) } satisfies z.output<
          typeof markedAllSchema
        >);
      },
    }),
  ];
}
