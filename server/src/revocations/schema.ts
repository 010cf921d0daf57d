import { z } from 'zod';
import { idSchema, revocationReasonSchema } from '../contract/rules.js';
import { instant } from '../http/schemas.js';
import { tokenStatusSchema } from '../auth-tokens/schema.js';
import { inventoryItemSchema } from '../inventory/schema.js';
import { scopeNameSchema } from '../scopes/schema.js';

// Bulk revocation with undo (issue 19, point 2): the request, its preview and the revocations as they are listed.

/** At most this many ids in one request. */
export const MAX_REVOCATION_IDS = 100_000;

const instantIn = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

/** The inventory's filters (`GET /api/auth-tokens`), with the same names and meanings, as JSON. */
export const revocationFilterSchema = z
  .strictObject({
    owner: z.string().min(1).max(200).optional().describe('the owner, by id or username'),
    createdBy: z.string().min(1).max(200).optional().describe('who created the token, by id or username'),
    status: tokenStatusSchema.optional(),
    scope: scopeNameSchema.optional().describe('tokens that hold this scope'),
    neverExpires: z.boolean().optional().describe('`true`: only tokens without an expiry; `false`: only with one'),
    expiresBefore: instantIn.optional(),
    createdBefore: instantIn.optional(),
    unusedForDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .optional()
      .describe('unused for at least this many days (a token never used counts from its creation or last regenerate)'),
    search: z.string().max(200).optional().describe('in the description or the hint, case-insensitively'),
  })
  .meta({ id: 'RevocationFilter' });

export const createRevocationSchema = z
  .strictObject({
    filter: revocationFilterSchema.optional(),
    ids: z
      .array(idSchema)
      .min(1)
      .max(MAX_REVOCATION_IDS)
      .optional()
      .describe(`token ids, at most ${MAX_REVOCATION_IDS.toLocaleString('en')}`),
    reason: revocationReasonSchema.describe('one line, shown to the owners: "Revoked by an administrator: <reason>"'),
  })
  .refine((b) => (b.filter === undefined) !== (b.ids === undefined), {
    message: 'must name exactly one of filter and ids',
    path: ['filter'],
  })
  .meta({ id: 'CreateRevocation' });

export const revocationQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('`true`: count and show a sample of what would be revoked, changing nothing'),
});

export const revocationPreviewSchema = z
  .strictObject({
    count: z.number().int().describe('how many tokens would be revoked (not revoked yet)'),
    sample: z.array(inventoryItemSchema).describe('up to 10 of them, newest first'),
  })
  .meta({ id: 'RevocationPreview' });

export const revocationAcceptedSchema = z
  .strictObject({
    id: z.string(),
    count: z.number().int().describe('how many tokens it revoked (tokens already revoked or gone are not counted)'),
    undoUntil: instant,
  })
  .meta({ id: 'RevocationAccepted' });

export const revocationUndoneSchema = z
  .strictObject({
    id: z.string(),
    count: z.number().int().describe('how many tokens were restored'),
    status: z.literal('undone'),
  })
  .meta({ id: 'RevocationUndone' });

export const revocationSchema = z
  .strictObject({
    id: z.string(),
    kind: z.enum(['administrator', 'inactive']).describe('by an administrator, or by the inactivity job'),
    reason: z.string(),
    filter: z
      .union([z.record(z.string(), z.unknown()), z.null()])
      .describe('the filter it was made from; null for a list of ids or the inactivity job'),
    count: z.number().int(),
    createdAt: instant,
    createdBy: z.union([z.strictObject({ id: z.string(), username: z.string() }), z.null()]),
    undoUntil: instant,
    status: z
      .enum(['pending', 'undone', 'final'])
      .describe('pending: inside the undo window; final: the window ended (its tokens are or will be deleted)'),
  })
  .meta({ id: 'Revocation' });

export const revocationListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional().describe('`nextCursor` of the previous page'),
});

export const revocationListSchema = z
  .strictObject({
    items: z.array(revocationSchema).describe('most recent first'),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'RevocationList' });

export const revocationPath = z.object({ id: idSchema });
