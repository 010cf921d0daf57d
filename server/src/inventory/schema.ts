import { z } from 'zod';
import { authTokenSchema, tokenStatusSchema } from '../auth-tokens/schema.js';
import { scopeNameSchema } from '../scopes/schema.js';
import { userKindSchema } from '../users/schema.js';

// The administrators' organisation-wide inventory of auth tokens (issue 19, point 1).

export const SORTS = [
  'created',
  '-created',
  'expires',
  '-expires',
  'lastUsed',
  '-lastUsed',
  'owner',
  '-owner',
] as const;

export const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
export const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const inventoryQuery = z.object({
  owner: z.string().min(1).max(200).optional().describe('the owner, by id or username'),
  createdBy: z.string().min(1).max(200).optional().describe('who created the token, by id or username'),
  status: tokenStatusSchema.optional(),
  scope: scopeNameSchema
    .optional()
    .describe('only tokens that hold this scope (full access holds every one its owner can use)'),
  neverExpires: flag.optional().describe('`true`: only tokens without an expiry; `false`: only tokens with one'),
  expiresBefore: instant.optional().describe('only tokens expiring before this instant'),
  createdBefore: instant.optional().describe('only tokens created before this instant'),
  unusedForDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .optional()
    .describe(
      'only tokens unused for at least this many days (a token never used counts from its creation or last regenerate)',
    ),
  search: z.string().max(200).optional().describe('in the description or the hint, case-insensitively'),
  projectId: z
    .string()
    .max(64)
    .optional()
    .describe(
      'only credentials limited to this project (among others), not those limited to no project or to every one',
    ),
  sort: z
    .enum(SORTS)
    .default('-created')
    .describe(
      'a field, descending with a leading `-`, then the id; `lastUsed` lists the never-used first (oldest first), ' +
        'then the used by last use; `expires` lists those that never expire last',
    ),
  cursor: z.string().max(1000).optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const inventoryOwnerSchema = z
  .strictObject({ id: z.string(), username: z.string(), displayName: z.string(), kind: userKindSchema })
  .meta({ id: 'InventoryOwner' });

export const inventoryItemSchema = authTokenSchema
  .extend({ owner: inventoryOwnerSchema })
  .meta({ id: 'InventoryAuthToken' });

export const inventoryPageSchema = z
  .strictObject({
    items: z.array(inventoryItemSchema),
    nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
    total: z.number().int().describe('how many tokens match, counted up to 10,000'),
    totalIsLowerBound: z.boolean().describe('true when more than 10,000 match: `total` is then "at least"'),
  })
  .meta({ id: 'AuthTokenInventory' });
