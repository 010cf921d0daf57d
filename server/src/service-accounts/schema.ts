import { z } from 'zod';
import { displayNameSchema, idSchema, serviceAccountDescriptionSchema, usernameSchema } from '../contract/rules.js';
import { instant } from '../http/schemas.js';

export const serviceAccountPath = z.object({ serviceAccountId: idSchema.describe('the service account’s user id') });

export const listServiceAccountsQuery = z.object({
  search: z.string().trim().max(128).optional().describe('part of the username or display name'),
  owner: z
    .literal('me')
    .optional()
    .describe('`me`: only the ones the caller owns (an administrator otherwise sees every one)'),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** `ownerId` null: the administrators own it. */
const ownerIdSchema = idSchema.nullable().describe('the owning person’s user id; null: the administrators');

export const createServiceAccountSchema = z
  .strictObject({
    username: usernameSchema,
    displayName: displayNameSchema.optional(),
    description: serviceAccountDescriptionSchema.default(''),
    ownerId: ownerIdSchema.default(null),
  })
  .meta({ id: 'CreateServiceAccount' });

export const updateServiceAccountSchema = z
  .strictObject({
    displayName: displayNameSchema.optional(),
    description: serviceAccountDescriptionSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'name at least one field to change')
  .meta({ id: 'UpdateServiceAccount' });

export const transferOwnershipSchema = z.strictObject({ ownerId: ownerIdSchema }).meta({ id: 'TransferOwnership' });

export const serviceAccountOwnerSchema = z
  .strictObject({ id: z.string(), username: z.string(), displayName: z.string(), disabled: z.boolean() })
  .meta({ id: 'ServiceAccountOwner' });

export const serviceAccountSchema = z
  .strictObject({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    description: z.string(),
    disabled: z.boolean(),
    owner: serviceAccountOwnerSchema
      .nullable()
      .describe('the owning person (kept while they are disabled); null: the administrators'),
    tokenCount: z.number().int().describe('how many auth tokens it has'),
    clientCount: z.number().int().describe('how many OAuth 2.0 client credentials it has'),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'ServiceAccount' });

export const serviceAccountPageSchema = z
  .strictObject({
    items: z.array(serviceAccountSchema),
    nextCursor: z.string().nullable(),
    total: z.number().int().describe('how many service accounts match'),
  })
  .meta({ id: 'ServiceAccountPage' });
