import { z } from 'zod';
import { idSchema } from '../contract/rules.js';
import { instant } from '../http/schemas.js';
import { NOTIFICATION_KINDS } from '../store/notifications.js';

// A user's notifications (issue 19, point 5): `GET/PATCH /api/users/me/notifications…`.

export const notificationKindSchema = z.enum(NOTIFICATION_KINDS).meta({ id: 'NotificationKind' });

export const notificationSchema = z
  .strictObject({
    id: z.string(),
    kind: notificationKindSchema,
    message: z.string().describe('one sentence for the owner; names the credential by its description'),
    createdAt: instant,
    readAt: instant.nullable().describe('when it was first marked read; null: unread'),
    link: z
      .string()
      .nullable()
      .describe(
        'a console path: the token (`/settings/auth-tokens?token=<id>`), with `&action=regenerate` where a ' +
          'regenerate is the remedy (expiring, inactive soon)',
      ),
    tokenId: z.string().nullable().describe('the auth token (or OAuth 2.0 client) it is about'),
  })
  .meta({ id: 'Notification' });

export const notificationPageSchema = z
  .strictObject({
    items: z.array(notificationSchema).describe('newest first'),
    unread: z.number().int().describe('how many of the user’s notifications are unread (all of them, not this page)'),
    nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
  })
  .meta({ id: 'NotificationPage' });

export const listNotificationsQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('`true`: only unread notifications'),
  cursor: z.string().max(500).optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const notificationPath = z.object({ id: idSchema });

export const markNotificationSchema = z
  .strictObject({ read: z.boolean().describe('true: read; false: unread again') })
  .meta({ id: 'MarkNotification' });

export const markedAllSchema = z
  .strictObject({ marked: z.number().int().describe('how many were unread and are read now') })
  .meta({ id: 'NotificationsMarkedRead' });
