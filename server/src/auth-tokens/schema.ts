import { z } from 'zod';
import { expiresAtSchema, idSchema, tokenDescriptionSchema } from '../contract/rules.js';
import { instant } from '../http/schemas.js';
import { credentialCreatorSchema, credentialOwnerSchema, userPath } from '../users/schema.js';

export const descriptionSchema = tokenDescriptionSchema;

export const createAuthTokenSchema = z
  .strictObject({
    description: descriptionSchema,
    /** ISO date-time, null for never, omitted for the default lifetime. */
    expiresAt: expiresAtSchema,
  })
  .meta({ id: 'CreateAuthToken' });

export const updateAuthTokenSchema = z.strictObject({ description: descriptionSchema }).meta({ id: 'UpdateAuthToken' });

export const tokenIdParam = idSchema;

export const tokenPath = userPath.extend({ tokenId: tokenIdParam });

// Response schemas are strict: a field a presenter starts leaking fails the recorded-response test.
export const authTokenSchema = z
  .strictObject({
    id: z.string(),
    userId: z.string(),
    name: z.string().nullable().describe('client-chosen name (the GoodData id), unique per user'),
    description: z.string(),
    hint: z.string().describe('prefix and last four characters, e.g. tsr_…a1b2'),
    createdAt: instant,
    createdBy: z.string().nullable(),
    // A union, not .nullable(): zod-to-openapi would make the named component itself nullable.
    creator: z.union([credentialCreatorSchema, z.null()]),
    expiresAt: instant.nullable(),
    lastUsedAt: instant
      .nullable()
      .describe('last use, to the minute: a use from the same address within 60 s of the one recorded is not news'),
    lastUsedIp: z.string().nullable().describe('address of the last use; a use from a new address is always recorded'),
    regeneratedAt: instant.nullable(),
    status: z.enum(['active', 'expired']),
  })
  .meta({ id: 'AuthToken' });

export const newAuthTokenSchema = authTokenSchema
  .extend({ token: z.string().describe('the secret; sent only in this response') })
  .meta({ id: 'NewAuthToken' });

export const tokenPolicySchema = z
  .strictObject({
    maxTokensPerUser: z.number().int(),
    defaultLifetimeDays: z.number().int(),
    maxLifetimeDays: z.number().int().nullable(),
    used: z.number().int(),
  })
  .meta({ id: 'TokenPolicy' });

export const authTokenListSchema = z
  .strictObject({ items: z.array(authTokenSchema), user: credentialOwnerSchema, policy: tokenPolicySchema })
  .meta({ id: 'AuthTokenList' });
