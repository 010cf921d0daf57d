import { z } from 'zod';
import { idSchema } from '../contract/rules.js';
import { instant as isoInstant } from '../http/schemas.js';
import { ACTIVITY_ACTIONS } from './actions.js';

/** Every action the server records; the `action` filter takes the same values. */
export const activityActionSchema = z.enum(ACTIVITY_ACTIONS).meta({ id: 'ActivityAction' });

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

// A plain date means the whole day in UTC: `since` from its start, `until` through its end.
const instant = (endOfDay: boolean) =>
  z
    .string()
    .max(40)
    .refine(
      (s) =>
        (DATE_ONLY.test(s) || z.iso.datetime({ offset: true }).safeParse(s).success) && !Number.isNaN(Date.parse(s)),
      'must be a date (YYYY-MM-DD) or an ISO date-time',
    )
    .transform((s) => {
      const at = new Date(s);
      if (endOfDay && DATE_ONLY.test(s)) at.setUTCDate(at.getUTCDate() + 1);
      return at.toISOString();
    });

export const activityQuery = z.object({
  user: z
    .string()
    .trim()
    .max(64)
    .regex(/^[A-Za-z0-9._@-]*$/, 'is not a user id or username')
    .optional(),
  action: activityActionSchema.optional(),
  /** One credential's events (an auth token's or an OAuth client's id): its details page shows them. */
  tokenId: idSchema.optional(),
  since: instant(false).optional(),
  until: instant(true).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  format: z.enum(['json', 'csv']).optional(),
});

export type ActivityQuery = z.output<typeof activityQuery>;

export const activityEventSchema = z
  .strictObject({
    id: z.string(),
    at: isoInstant,
    action: activityActionSchema,
    outcome: z.enum(['success', 'failure']),
    actor: z.strictObject({ id: z.string().nullable(), username: z.string().nullable() }),
    target: z.strictObject({ id: z.string(), username: z.string().nullable() }).nullable(),
    tokenId: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'ActivityEvent' });

export const activityPageSchema = z
  .strictObject({ items: z.array(activityEventSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ActivityPage' });
