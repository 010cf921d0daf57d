import { z } from 'zod';
import type { ResponseSpec } from '../http/route.js';

// The /oauth2/v1 endpoints read form fields by hand (RFC 6749); these schemas describe those fields for clients.
export const FORM = 'application/x-www-form-urlencoded';

export const oauthErrorSchema = z
  .object({ error: z.string(), error_description: z.string().optional() })
  .meta({ id: 'OAuth2Error' });

export const oauthErrors = (...statuses: number[]): Record<number, ResponseSpec> =>
  Object.fromEntries(
    statuses.map((s) => [s, { description: 'OAuth 2.0 error (RFC 6749 §5.2)', schema: oauthErrorSchema }]),
  );

const clientAuthFields = {
  client_id: z.string().optional().describe('with client_secret_post'),
  client_secret: z.string().optional().describe('with client_secret_post; or send HTTP Basic'),
};

export const tokenRequestSchema = z
  .object({ grant_type: z.literal('client_credentials'), scope: z.string().optional(), ...clientAuthFields })
  .meta({ id: 'OAuth2TokenRequest' });

export const tokenFormSchema = z
  .object({ token: z.string(), token_type_hint: z.string().optional(), ...clientAuthFields })
  .meta({ id: 'OAuth2TokenForm' });

export const tokenResponseSchema = z
  .strictObject({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number(),
    scope: z.string(),
  })
  .meta({ id: 'OAuth2TokenResponse' });

export const introspectionSchema = z
  .strictObject({
    active: z.boolean(),
    token_type: z.literal('Bearer').optional(),
    scope: z.string().optional(),
    client_id: z.string().optional(),
    username: z.string().optional(),
    sub: z.string().optional(),
    aud: z.union([z.string(), z.array(z.string())]).optional(),
    iss: z.string().optional(),
    exp: z.number().optional(),
    iat: z.number().optional(),
    jti: z.string().optional(),
    projects: z
      .array(z.string())
      .optional()
      .describe(
        'Tessera (issue 21): the project ids the token is limited to (an auth token’s, or an access token’s claim ' +
          'within its client’s limit now); absent: every project',
      ),
  })
  .meta({ id: 'OAuth2Introspection' });

export const jwksSchema = z.object({ keys: z.array(z.looseObject({ kty: z.string() })) }).meta({ id: 'JsonWebKeySet' });

export const metadataSchema = z
  .strictObject({
    issuer: z.string(),
    token_endpoint: z.string(),
    jwks_uri: z.string(),
    introspection_endpoint: z.string(),
    revocation_endpoint: z.string(),
    grant_types_supported: z.array(z.string()),
    response_types_supported: z.array(z.string()),
    token_endpoint_auth_methods_supported: z.array(z.string()),
    introspection_endpoint_auth_methods_supported: z.array(z.string()),
    revocation_endpoint_auth_methods_supported: z.array(z.string()),
  })
  .meta({ id: 'AuthorizationServerMetadata' });
