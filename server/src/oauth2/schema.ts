import { z } from 'zod';
import { graceField } from '../grace-windows/schema.js';
import {
  audienceSchema,
  clientDescriptionSchema,
  clientNameSchema,
  expiresAtSchema,
  idSchema,
  scopePairsSchema,
} from '../contract/rules.js';
import { instant } from '../http/schemas.js';
import { deliveryFields } from '../security/credential-delivery.js';
import { allowedNetworksSchema } from '../security/networks.js';
import { credentialProjectsSchema, projectChoicesSchema, projectsField } from '../security/project-limits.js';
import { credentialCreatorSchema, credentialOwnerSchema, userPath } from '../users/schema.js';

const nameSchema = clientNameSchema;
const descriptionSchema = clientDescriptionSchema;

export const createClientSchema = z
  .strictObject({
    name: nameSchema,
    description: descriptionSchema.default(''),
    scopes: scopePairsSchema,
    /** ISO date-time, null or omitted for no expiry (unless a maximum lifetime is configured). */
    expiresAt: expiresAtSchema,
    /** Omitted: the requesting credential's own networks (a session: anywhere). */
    allowedNetworks: allowedNetworksSchema.optional(),
    /** Omitted: the requesting credential's own projects (a session: every project). */
    projects: projectsField,
  })
  .meta({ id: 'CreateOAuth2Client' });

export const updateClientSchema = z
  .strictObject({
    name: nameSchema.optional(),
    description: descriptionSchema.optional(),
    scopes: scopePairsSchema.optional(),
    allowedNetworks: allowedNetworksSchema.optional(),
    projects: projectsField.describe(
      'narrowing is always allowed; widening (null: every project) only from a signed-in console session',
    ),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'name at least one field to change')
  .meta({ id: 'UpdateOAuth2Client' });

export const clientIdParam = idSchema;

export const clientPath = userPath.extend({ clientId: clientIdParam });

export const oauth2ClientStatusSchema = z.enum(['active', 'expired', 'suspended']).meta({ id: 'OAuth2ClientStatus' });

// Response schemas are strict: a field a presenter starts leaking fails the recorded-response test.
export const oauth2ClientSchema = z
  .strictObject({
    id: z.string(),
    clientId: z.string(),
    userId: z.string(),
    name: z.string(),
    description: z.string(),
    scopes: z.array(z.strictObject({ audience: z.string(), scope: z.string() })),
    fullyQualifiedScopes: z.array(z.string()),
    secretHint: z.string(),
    createdAt: instant,
    createdBy: z.string().nullable(),
    creator: z.union([credentialCreatorSchema, z.null()]),
    updatedAt: instant,
    secretResetAt: instant.nullable(),
    expiresAt: instant.nullable(),
    lastUsedAt: instant.nullable(),
    allowedNetworks: z
      .array(z.string())
      .describe('normalised IPv4 and IPv6 CIDR ranges token requests and access tokens may come from; empty: anywhere'),
    projects: credentialProjectsSchema,
    status: oauth2ClientStatusSchema.describe('expired wins over suspended'),
    suspendedAt: instant.nullable(),
    grace: graceField,
    ...deliveryFields,
  })
  .meta({ id: 'OAuth2Client' });

export const newOAuth2ClientSchema = oauth2ClientSchema
  .extend({ secret: z.string().describe('sent only in this response') })
  .meta({ id: 'NewOAuth2Client' });

export const oauth2ClientPolicySchema = z
  .strictObject({
    maxPerUser: z.number().int(),
    maxLifetimeDays: z.number().int().nullable(),
    enabled: z
      .boolean()
      .describe('false: the policy turns OAuth 2.0 clients off (no create; refused at the token endpoint)'),
    used: z.number().int(),
  })
  .meta({ id: 'OAuth2ClientPolicy' });

export const oauth2ClientListSchema = z
  .strictObject({
    items: z.array(oauth2ClientSchema),
    user: credentialOwnerSchema,
    policy: oauth2ClientPolicySchema,
    projectChoices: projectChoicesSchema,
  })
  .meta({ id: 'OAuth2ClientList' });

export const signingKeyRotationSchema = z.strictObject({ kid: z.string() }).meta({ id: 'SigningKeyRotation' });

export const audienceOwnershipSchema = z
  .strictObject({
    audience: z.string().describe('normalised: scheme and host in lower case, no default port, no trailing slash'),
    owner: z.union([credentialCreatorSchema, z.null()]),
    createdAt: instant,
  })
  .meta({ id: 'OAuth2AudienceOwnership' });

export const audienceOwnershipListSchema = z
  .strictObject({ items: z.array(audienceOwnershipSchema) })
  .meta({ id: 'OAuth2AudienceOwnershipList' });

export const transferAudienceSchema = z
  .strictObject({ audience: audienceSchema, userId: idSchema.describe('the new owner') })
  .meta({ id: 'TransferOAuth2Audience' });
