import { z } from 'zod';
import { clientIdParam, createClientSchema, updateClientSchema } from '../oauth2/schema.js';
import { userIdParam } from '../users/schema.js';
import { problems } from './native-routes.js';
import type { ResponseSpec, RouteSpec } from './registry.js';

// The /oauth2/v1 endpoints read form fields by hand (RFC 6749); these schemas describe those fields for clients.
const FORM = 'application/x-www-form-urlencoded';
const oauthError = z.object({ error: z.string(), error_description: z.string().optional() });
const oauthErrors = (...statuses: number[]): Record<number, ResponseSpec> =>
  Object.fromEntries(statuses.map((s) => [s, { description: 'OAuth 2.0 error (RFC 6749 §5.2)', schema: oauthError }]));
const clientAuthFields = {
  client_id: z.string().optional().describe('with client_secret_post'),
  client_secret: z.string().optional().describe('with client_secret_post; or send HTTP Basic'),
};
const tokenForm = z.object({ token: z.string(), token_type_hint: z.string().optional(), ...clientAuthFields });

const when = z.iso.datetime({ offset: true });
const clientOut = z.object({
  id: z.string(),
  clientId: z.string(),
  userId: z.string(),
  name: z.string(),
  description: z.string(),
  scopes: z.array(z.object({ audience: z.string(), scope: z.string() })),
  fullyQualifiedScopes: z.array(z.string()),
  secretHint: z.string(),
  createdAt: when,
  createdBy: z.string().nullable(),
  updatedAt: when,
  secretResetAt: when.nullable(),
  expiresAt: when.nullable(),
  lastUsedAt: when.nullable(),
  status: z.enum(['active', 'expired']),
});
const newClientOut = clientOut.extend({ secret: z.string().describe('sent only in this response') });
const userPath = z.object({ userId: userIdParam.describe('a user id, or `me`') });
const clientPath = userPath.extend({ clientId: clientIdParam });
const TAG = 'OAuth 2.0';
const base = '/api/users/{userId}/oauth2-client-credentials';

/** OAuth 2.0 client credentials (console API) and the authorization server's endpoints. */
export const oauth2Routes: RouteSpec[] = [
  {
    method: 'get',
    path: base,
    tag: TAG,
    summary: 'List a user’s OAuth 2.0 client credentials with the policy',
    auth: 'any',
    params: userPath,
    responses: {
      200: { description: 'Credentials', schema: z.looseObject({ items: z.array(clientOut) }) },
      ...problems(401, 404),
    },
  },
  {
    method: 'post',
    path: base,
    tag: TAG,
    summary: 'Generate a client credential (the only response with the secret)',
    auth: 'any',
    params: userPath,
    body: { schema: createClientSchema },
    responses: { 201: { description: 'Created', schema: newClientOut }, ...problems(400, 401, 403, 404, 422) },
  },
  {
    method: 'get',
    path: `${base}/{clientId}`,
    tag: TAG,
    summary: 'Read one client credential',
    auth: 'any',
    params: clientPath,
    responses: { 200: { description: 'The credential', schema: clientOut }, ...problems(401, 404) },
  },
  {
    method: 'patch',
    path: `${base}/{clientId}`,
    tag: TAG,
    summary: 'Change name, description or scopes',
    auth: 'any',
    params: clientPath,
    body: { schema: updateClientSchema },
    responses: { 200: { description: 'The credential', schema: clientOut }, ...problems(400, 401, 403, 404) },
  },
  {
    method: 'post',
    path: `${base}/{clientId}/reset-secret`,
    tag: TAG,
    summary: 'New secret; the old one stops working at once',
    auth: 'any',
    params: clientPath,
    responses: { 200: { description: 'Reset', schema: newClientOut }, ...problems(401, 403, 404) },
  },
  {
    method: 'delete',
    path: `${base}/{clientId}`,
    tag: TAG,
    summary: 'Delete a client credential',
    auth: 'any',
    params: clientPath,
    responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404) },
  },
  {
    method: 'post',
    path: '/api/oauth2/keys/rotate',
    tag: TAG,
    summary: 'Rotate the token signing key (administrators)',
    auth: 'any',
    responses: { 200: { description: 'New key id', schema: z.object({ kid: z.string() }) }, ...problems(401, 403) },
  },
  {
    method: 'post',
    path: '/oauth2/v1/token',
    tag: TAG,
    summary: 'Client-credentials token request (RFC 6749 §4.4)',
    auth: 'none',
    body: {
      schema: z.object({
        grant_type: z.literal('client_credentials'),
        scope: z.string().optional(),
        ...clientAuthFields,
      }),
      contentTypes: [FORM],
    },
    responses: {
      200: {
        description: 'Access token',
        schema: z.looseObject({
          access_token: z.string(),
          token_type: z.string(),
          expires_in: z.number(),
          scope: z.string().optional(),
        }),
      },
      ...oauthErrors(400, 401),
    },
  },
  {
    method: 'post',
    path: '/oauth2/v1/introspect',
    tag: TAG,
    summary: 'Token introspection (RFC 7662)',
    auth: 'none',
    body: { schema: tokenForm, contentTypes: [FORM] },
    responses: {
      200: { description: 'Introspection', schema: z.looseObject({ active: z.boolean() }) },
      ...oauthErrors(400, 401),
    },
  },
  {
    method: 'post',
    path: '/oauth2/v1/revoke',
    tag: TAG,
    summary: 'Token revocation (RFC 7009)',
    auth: 'none',
    body: { schema: tokenForm, contentTypes: [FORM] },
    responses: { 200: { description: 'Revoked (or unknown)' }, ...oauthErrors(400, 401) },
  },
  {
    method: 'get',
    path: '/oauth2/v1/keys',
    tag: TAG,
    summary: 'The JSON Web Key Set that verifies access tokens',
    auth: 'none',
    responses: { 200: { description: 'JWKS', schema: z.looseObject({ keys: z.array(z.looseObject({})) }) } },
  },
  {
    method: 'get',
    path: '/.well-known/oauth-authorization-server',
    tag: TAG,
    summary: 'Authorization server metadata (RFC 8414)',
    auth: 'none',
    responses: {
      200: { description: 'Metadata', schema: z.looseObject({ issuer: z.string(), token_endpoint: z.string() }) },
    },
  },
];
