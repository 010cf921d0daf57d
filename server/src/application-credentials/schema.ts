import { z } from 'zod';
import { expiresAtSchema, projectDescriptionSchema, tokenDescriptionSchema } from '../contract/rules.js';
import { instant } from '../http/schemas.js';
import { PROJECT_ROLES } from '../store/project-types.js';
import { userPath } from '../users/schema.js';
import { ACCESS_RULE_METHODS } from './access-rules.js';

/** Issue 21, point 3: the fields both surfaces validate alike. */
export const credentialNameSchema = tokenDescriptionSchema.describe('unique among the user’s application credentials');
export const credentialDescriptionSchema = projectDescriptionSchema;
export const projectRoleSchema = z.enum(PROJECT_ROLES);
export const MAX_ACCESS_RULES = 20;

export const accessRuleInput = z.strictObject({
  service: z.string().trim().min(1).max(64).describe('a service type; Tessera is `identity`'),
  method: z.enum(ACCESS_RULE_METHODS),
  path: z
    .string()
    .min(1)
    .max(255)
    .regex(/^\/[\x21-\x7e]*$/, 'must be a path starting with /')
    .describe('`*` is one path segment, `**` any number'),
});
export const accessRulesInput = z.array(accessRuleInput).max(MAX_ACCESS_RULES);

export const accessRuleSchema = accessRuleInput.extend({ id: z.string() }).meta({ id: 'AccessRule' });

/** A credential id: Keystone's 32 hexadecimal characters. */
export const credentialIdParam = z.string().regex(/^[0-9a-f]{32}$/, 'is not an application credential id');
export const credentialPath = userPath.extend({ credentialId: credentialIdParam });

export const createApplicationCredentialSchema = z
  .strictObject({
    name: credentialNameSchema,
    description: credentialDescriptionSchema.optional(),
    projectId: z.string().min(1).max(64).describe('a project the user holds a role in'),
    roles: z
      .array(projectRoleSchema)
      .min(1, 'must name at least one role')
      .optional()
      .describe('a subset of the user’s roles in the project; omitted: all of them'),
    expiresAt: expiresAtSchema,
    unrestricted: z
      .boolean()
      .optional()
      .describe('whether tokens from it may create and delete application credentials (default false)'),
    accessRules: accessRulesInput.optional(),
  })
  .meta({ id: 'CreateApplicationCredential' });

// Strict, as every response schema: a field a presenter starts leaking fails the recorded-response test.
export const applicationCredentialSchema = z
  .strictObject({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    description: z.string(),
    hint: z.string().describe('prefix and last four characters of a generated secret, e.g. tsa_…a1b2'),
    project: z.strictObject({ id: z.string(), name: z.string() }),
    roles: z.array(projectRoleSchema),
    unrestricted: z.boolean(),
    accessRules: z.array(accessRuleSchema),
    expiresAt: z.union([instant, z.null()]),
    createdAt: instant,
    createdBy: z.string().nullable(),
    lastUsedAt: z.union([instant, z.null()]),
  })
  .meta({ id: 'ApplicationCredential' });

export const newApplicationCredentialSchema = applicationCredentialSchema
  .extend({ secret: z.string().describe('shown once: only this response carries it') })
  .meta({ id: 'NewApplicationCredential' });

export const applicationCredentialListSchema = z
  .strictObject({
    items: z.array(applicationCredentialSchema),
    policy: z
      .strictObject({
        defaultLifetimeDays: z.number().int(),
        maxLifetimeDays: z.number().int().nullable(),
        requireExpiry: z.boolean(),
      })
      .describe('the expiry rules a create follows (the token policy’s)'),
  })
  .meta({ id: 'ApplicationCredentialList' });
