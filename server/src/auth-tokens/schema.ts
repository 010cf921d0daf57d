import { z } from 'zod';
import { expiresAtSchema, idSchema, tokenDescriptionSchema } from '../contract/rules.js';
import { graceField } from '../grace-windows/schema.js';
import { instant } from '../http/schemas.js';
import { scopeNameSchema } from '../scopes/schema.js';
import { deliveryFields } from '../security/credential-delivery.js';
import { allowedNetworksSchema } from '../security/networks.js';
import { credentialProjectsSchema, projectChoicesSchema, projectsField } from '../security/project-limits.js';
import { credentialCreatorSchema, credentialOwnerSchema, userPath } from '../users/schema.js';

export const descriptionSchema = tokenDescriptionSchema;

/** A credential's scopes as asked for: at least one, each once. */
export const askedScopesSchema = z
  .array(scopeNameSchema)
  .min(1, 'must name at least one scope')
  .refine((list) => new Set(list).size === list.length, 'must not name a scope twice')
  .describe('the scopes the token may use; omitted on create: exactly those of the credential making the request');

export const createAuthTokenSchema = z
  .strictObject({
    description: descriptionSchema,
    /** ISO date-time, null for never, omitted for the default lifetime. */
    expiresAt: expiresAtSchema,
    scopes: askedScopesSchema.optional(),
    allowedNetworks: allowedNetworksSchema.optional(),
    projects: projectsField,
  })
  .meta({ id: 'CreateAuthToken' });

export const updateAuthTokenSchema = z
  .strictObject({
    description: descriptionSchema.optional(),
    scopes: z
      .union([askedScopesSchema, z.null()])
      .optional()
      .describe(
        'narrowing is always allowed; widening (null: back to full access) only from a signed-in console session',
      ),
    allowedNetworks: allowedNetworksSchema.optional(),
    projects: projectsField.describe(
      'narrowing is always allowed; widening (null: every project) only from a signed-in console session',
    ),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'must change at least one field')
  .meta({ id: 'UpdateAuthToken' });

export const tokenStatusSchema = z.enum(['active', 'expired', 'suspended', 'revoked']).meta({ id: 'AuthTokenStatus' });

/** A revoked token's revocation (issue 19): who revoked it and why, and until when an undo brings it back. */
export const tokenRevocationMarkSchema = z
  .strictObject({
    id: z.string().describe('the revocation (`/api/auth-tokens/revocations/{id}`)'),
    kind: z.enum(['administrator', 'inactive']).describe('by an administrator, or by the inactivity job'),
    reason: z.string(),
    revokedAt: instant,
    revokedBy: z
      .union([z.strictObject({ id: z.string(), username: z.string() }), z.null()])
      .describe('the administrator; null for the inactivity job'),
    undoUntil: instant.describe('after this the token is deleted'),
  })
  .meta({ id: 'AuthTokenRevocation' });

export const listAuthTokensQuery = z.object({
  scope: scopeNameSchema
    .optional()
    .describe('only tokens that hold this scope (full access holds every one its owner can use)'),
  status: tokenStatusSchema.optional(),
});

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
    scopes: z
      .array(scopeNameSchema)
      .describe('what the token may do; for full access, every scope its owner’s role can use (now and later)'),
    fullAccess: z.boolean().describe('no scope list of its own: every scope its owner’s role can use'),
    allowedNetworks: z.array(z.string()).describe('CIDR ranges it may be used from; empty: anywhere'),
    projects: credentialProjectsSchema,
    status: tokenStatusSchema.describe('revoked wins over expired and suspended; expired wins over suspended'),
    suspendedAt: instant.nullable(),
    revocation: z
      .union([tokenRevocationMarkSchema, z.null()])
      .describe('set while the token is revoked (until an undo brings it back or the window ends and it is deleted)'),
    grace: graceField,
    ...deliveryFields,
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
    requireExpiry: z.boolean().describe('"no expiry" is refused (expiry required, or a maximum lifetime is set)'),
    defaultScopes: z
      .array(scopeNameSchema)
      .nullable()
      .describe('the scopes of a token created without any; null: the creating credential’s own'),
    allowedScopes: z.array(scopeNameSchema).describe('the only scopes a new token may hold'),
    used: z.number().int(),
  })
  .meta({ id: 'TokenPolicy' });

export const authTokenListSchema = z
  .strictObject({
    items: z.array(authTokenSchema),
    user: credentialOwnerSchema,
    policy: tokenPolicySchema,
    projectChoices: projectChoicesSchema,
  })
  .meta({ id: 'AuthTokenList' });
