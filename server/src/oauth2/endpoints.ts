import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { AuditContext } from '../audit/context.js';
import { auditContext } from '../http/audit-context.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { route, type AnyRoute, type ResponseSpec } from '../http/route.js';
import { formBody, param, type Caller, type ClientAuthenticator } from './client-auth.js';
import { issuerOf } from './issuer.js';
import { OAuthError, invalidRequest, noStore } from './oauth-errors.js';
import { audienceKey, audiencesOf } from './scopes.js';
import type { AudienceOwnership } from './audience-ownership.js';
import type { SigningKeys } from './signing-keys.js';
import type { FoundToken as Found, OAuth2TokenService } from './token-service.js';
import {
  FORM,
  introspectionSchema,
  jwksSchema,
  metadataSchema,
  oauthErrors,
  tokenFormSchema,
  tokenRequestSchema,
  tokenResponseSchema,
} from './wire-schema.js';

interface Deps {
  clients: ClientAuthenticator;
  tokens: OAuth2TokenService;
  keys: SigningKeys;
  origin: PublicOrigin;
  /** Who owns which audience (F-9), for introspection. */
  audiences: Pick<AudienceOwnership, 'ownsAnyAudience'>;
}

/** A client acts as its owner; an administrator's bearer token put its principal on the request. */
function callerContext(req: Request, caller: Caller): AuditContext {
  const ctx = auditContext(req);
  if (caller.kind !== 'client') return ctx;
  return { ...ctx, actor: { id: caller.credential.user.id, username: caller.credential.user.username } };
}

const INACTIVE = { active: false } as const;
const TAG = 'OAuth 2.0';

/** `/oauth2/v1`: token (RFC 6749 §4.4), introspection (RFC 7662), revocation (RFC 7009) and the key set. */
export function oauth2EndpointRoutes(deps: Deps): AnyRoute[] {
  const { clients, tokens, keys, origin, audiences } = deps;
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }) as RequestHandler;

  /** A POST of a form the handler reads itself, so bad input is answered in RFC 6749's error format. */
  function formRoute(spec: {
    path: string;
    summary: string;
    body: z.ZodType;
    responses: Record<number, ResponseSpec>;
    handler: (req: Request, res: Response) => Promise<void>;
  }): AnyRoute {
    return route({
      method: 'post',
      path: spec.path,
      tag: TAG,
      summary: spec.summary,
      auth: 'none',
      request: { body: { schema: spec.body, contentTypes: [FORM], documentedOnly: true } },
      responses: { ...spec.responses, ...oauthErrors(400, 401) },
      before: [form],
      handler: (_input, req, res) => spec.handler(req, res),
    });
  }

  const token = formRoute({
    path: '/oauth2/v1/token',
    summary: 'Client-credentials token request (RFC 6749 §4.4)',
    body: tokenRequestSchema,
    responses: { 200: { description: 'Access token', schema: tokenResponseSchema } },
    handler: async (req, res) => {
      const body = formBody(req);
      const grantType = param(body, 'grant_type');
      const scopeParam = param(body, 'scope');
      if (!grantType) throw invalidRequest('The grant_type parameter is required.');
      const caller = await clients.authenticate(req, body, {});
      if (caller.kind !== 'client') throw invalidRequest('Client authentication is required.');
      const { credential } = caller;
      if (grantType !== 'client_credentials') {
        throw new OAuthError(400, 'unsupported_grant_type', 'Only the client_credentials grant is supported.');
      }
      const issued = await tokens.grant(auditContext(req), issuerOf(origin, req), credential, scopeParam);
      const answer: z.output<typeof tokenResponseSchema> = {
        access_token: issued.token,
        token_type: 'Bearer',
        expires_in: issued.expiresIn,
        scope: issued.scope,
      };
      noStore(res).json(answer);
    },
  });

  /**
   * Administrators see every token; a client sees its own, its owner's auth and Keystone tokens, and (introspection
   * only) tokens for an audience it holds and its owner owns (F-9; an administrator's client, any it holds).
   */
  async function maySee(req: Request, caller: Caller, t: Found, purpose: 'introspect' | 'revoke'): Promise<boolean> {
    if (caller.kind === 'admin') return true;
    const { client, user } = caller.credential;
    if (t.kind !== 'access_token') return t.userId === user.id;
    if (t.claims.client_id === client.id) return true;
    if (purpose === 'revoke') return false;
    const aud = Array.isArray(t.claims.aud) ? t.claims.aud : [t.claims.aud];
    const mine = new Set(audiencesOf(client.scopes).map(audienceKey));
    const shared = aud.filter((a) => mine.has(audienceKey(a)));
    return shared.length > 0 && audiences.ownsAnyAudience(user, shared, origin(req));
  }

  /** Introspection and revocation start alike: who asks (a client or an administrator), and the token named. */
  async function callerAndToken(
    req: Request,
    res: Response,
    purpose: 'introspect' | 'revoke',
  ): Promise<{ caller: Caller; t: Found | undefined }> {
    const body = formBody(req);
    const adminScope = purpose === 'introspect' ? 'admin:read' : 'admin:write';
    const caller = await clients.authenticate(req, body, { adminScope });
    const raw = param(body, 'token');
    param(body, 'token_type_hint'); // only a hint (RFC 7009 §2.1): every kind is looked up anyway
    if (!raw) throw invalidRequest('The token parameter is required.');
    const t = await tokens.find(raw, issuerOf(origin, req));
    noStore(res);
    return { caller, t };
  }

  const introspect = formRoute({
    path: '/oauth2/v1/introspect',
    summary: 'Token introspection (RFC 7662)',
    body: tokenFormSchema,
    responses: { 200: { description: 'Introspection', schema: introspectionSchema } },
    handler: async (req, res) => {
      const { caller, t } = await callerAndToken(req, res, 'introspect');
      if (!t || !(await maySee(req, caller, t, 'introspect'))) return void res.json(INACTIVE);
      if (t.kind === 'auth_token') {
        return void res.json({
          active: true,
          token_type: 'Bearer',
          sub: t.userId,
          username: t.username,
          iss: issuerOf(origin, req),
          ...(t.expiresAt ? { exp: Math.floor(new Date(t.expiresAt).getTime() / 1000) } : {}),
          ...(t.projects !== undefined ? { projects: [...t.projects] } : {}),
        });
      }
      if (t.kind === 'keystone_token') {
        const answer: z.output<typeof introspectionSchema> = {
          active: true,
          token_type: 'Bearer',
          sub: t.userId,
          username: t.username,
          iss: issuerOf(origin, req),
          exp: Math.floor(Date.parse(t.token.expiresAt) / 1000),
          iat: Math.floor(Date.parse(t.token.issuedAt) / 1000),
        };
        return void res.json(answer);
      }
      const c = t.claims;
      const answer: z.output<typeof introspectionSchema> = {
        active: true,
        token_type: 'Bearer',
        scope: c.scope,
        client_id: c.client_id,
        username: t.username,
        sub: c.sub,
        aud: c.aud,
        iss: c.iss,
        exp: c.exp,
        iat: c.iat,
        jti: c.jti,
        ...(t.projects !== undefined ? { projects: [...t.projects] } : {}),
      };
      res.json(answer);
    },
  });

  const revoke = formRoute({
    path: '/oauth2/v1/revoke',
    summary: 'Token revocation (RFC 7009)',
    body: tokenFormSchema,
    responses: { 200: { description: 'Revoked (or unknown)' } },
    handler: async (req, res) => {
      const { caller, t } = await callerAndToken(req, res, 'revoke');
      if (!t) return void res.status(200).end();
      if (!(await maySee(req, caller, t, 'revoke'))) {
        throw new OAuthError(400, 'unauthorized_client', 'The token was not issued to this client.');
      }
      await tokens.revoke(callerContext(req, caller), t);
      res.status(200).end();
    },
  });

  const jwks = route({
    method: 'get',
    path: '/oauth2/v1/keys',
    tag: TAG,
    summary: 'The JSON Web Key Set that verifies access tokens',
    auth: 'none',
    responses: { 200: { description: 'JWKS', schema: jwksSchema } },
    handler: async (_input, _req, res) => {
      res.json(await keys.jwks());
    },
  });

  return [token, introspect, revoke, jwks];
}

/** RFC 8414 authorization-server metadata. */
export function metadataRoute(origin: PublicOrigin): AnyRoute {
  return route({
    method: 'get',
    path: '/.well-known/oauth-authorization-server',
    tag: TAG,
    summary: 'Authorization server metadata (RFC 8414)',
    auth: 'none',
    responses: { 200: { description: 'Metadata', schema: metadataSchema } },
    handler: (_input, req, res) => {
      const issuer = issuerOf(origin, req);
      const methods = ['client_secret_basic', 'client_secret_post'];
      const answer: z.output<typeof metadataSchema> = {
        issuer,
        token_endpoint: `${issuer}/oauth2/v1/token`,
        jwks_uri: `${issuer}/oauth2/v1/keys`,
        introspection_endpoint: `${issuer}/oauth2/v1/introspect`,
        revocation_endpoint: `${issuer}/oauth2/v1/revoke`,
        grant_types_supported: ['client_credentials'],
        response_types_supported: [],
        token_endpoint_auth_methods_supported: methods,
        introspection_endpoint_auth_methods_supported: methods,
        revocation_endpoint_auth_methods_supported: methods,
      };
      res.json(answer);
    },
  });
}
