import { z } from 'zod';
import { scopeNameSchema } from '../scopes/schema.js';

const days = z.number().int().min(1).max(36500);

const fields = {
  maxTokensPerUser: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .describe('auth tokens one user may hold (suspended and expired ones count); OAuth clients have the same limit'),
  defaultLifetimeDays: days.describe('the lifetime of a token created without an expiry date'),
  maxLifetimeDays: days
    .nullable()
    .describe('no token may be created or regenerated to live longer; null: no limit. Set, requireExpiry must be true'),
  requireExpiry: z.boolean().describe('every new token must expire ("no expiry" is refused)'),
  revokeUnusedAfterDays: days
    .nullable()
    .describe(
      'tokens unused this many days (never used: since creation or the last regenerate) are revoked by the inactivity job; null: never',
    ),
  defaultScopes: z
    .array(scopeNameSchema)
    .min(1)
    .nullable()
    .describe(
      'the scopes of a token whose create names none; null: the creating credential’s own (a session’s: full access), ' +
        'allowed only while allowedScopes lists every scope',
    ),
  allowedScopes: z
    .array(scopeNameSchema)
    .min(1)
    .describe('the only scopes a new token may hold; full access needs every scope of its owner’s role'),
  oauth2ClientCredentials: z
    .boolean()
    .describe('users may create OAuth 2.0 client credentials, and existing ones may obtain access tokens'),
};

export const policySchema = z.strictObject(fields).meta({ id: 'Policy' });

export const updatePolicySchema = z
  .strictObject(fields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'must change at least one field')
  .meta({ id: 'UpdatePolicy', description: 'The fields to change; the others keep their values.' });

export const policyImpactRequestSchema = z
  .strictObject(fields)
  .partial()
  .meta({ id: 'PolicyImpactRequest', description: 'A proposed change (as for PATCH); omitted fields keep theirs.' });

const n = z.number().int().min(0);

export const policyImpactSchema = z
  .strictObject({
    policy: policySchema.describe('the proposed policy these counts are for'),
    tokens: n.describe(
      'live auth tokens (not expired, not revoked; suspended ones count); every count below is among them, except ' +
        'usersOverTokenLimit',
    ),
    tokensBeyondMaxLifetime: n.describe('tokens expiring later than maxLifetimeDays from now (they keep their expiry)'),
    tokensNeverExpiring: n.describe('tokens that never expire, when expiry is required (they keep working)'),
    tokensUnused: n.describe('tokens unused for revokeUnusedAfterDays: the inactivity job would revoke them'),
    tokensOutsideAllowedScopes: n.describe('tokens holding a scope outside allowedScopes (they keep their scopes)'),
    usersOverTokenLimit: n.describe(
      'users holding more tokens than maxTokensPerUser, every token counted as a create counts it (expired, ' +
        'suspended and revoked ones too): they can create none until below',
    ),
    oauth2Clients: n.describe(
      'live OAuth 2.0 clients refused at the token endpoint once oauth2ClientCredentials is off',
    ),
  })
  .meta({ id: 'PolicyImpact' });
