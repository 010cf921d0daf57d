import express, { type Request, type RequestHandler } from 'express';
import type { z } from 'zod';
import type { AuditService } from '../audit/service.js';
import { route, type AnyRoute } from '../http/route.js';
import { digestToken, isWellFormedToken } from '../lib/token-format.js';
import type { Store } from '../store/store.js';
import type { AccessTokenClaims, AccessTokens } from './access-tokens.js';
import { formBody, param, type Caller, type ClientAuthenticator } from './client-auth.js';
import { issuerOf } from './issuer.js';
import { OAuthError, invalidRequest, noStore } from './oauth-errors.js';
import { audiencesOf, fullyQualifiedScope } from './scopes.js';
import type { SigningKeys } from './signing-keys.js';
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
  store: Store;
  audit: AuditService;
  clients: ClientAuthenticator;
  accessTokens: AccessTokens;
  keys: SigningKeys;
  publicUrl: string | undefined;
}

type Found =
  | { kind: 'access_token'; claims: AccessTokenClaims; userId: string; username: string }
  | { kind: 'auth_token'; tokenId: string; userId: string; username: string; expiresAt: string | null };

const INACTIVE = { active: false } as const;
const TAG = 'OAuth 2.0';

/** `/oauth2/v1`: token (RFC 6749 §4.4), introspection (RFC 7662), revocation (RFC 7009) and the key set. */
export function oauth2EndpointRoutes(deps: Deps): AnyRoute[] {
  const { store, audit, clients, accessTokens, keys, publicUrl } = deps;
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }) as RequestHandler;

  const token = route({
    method: 'post',
    path: '/oauth2/v1/token',
    tag: TAG,
    summary: 'Client-credentials token request (RFC 6749 §4.4)',
    auth: 'none',
    request: { body: { schema: tokenRequestSchema, contentTypes: [FORM], documentedOnly: true } },
    responses: { 200: { description: 'Access token', schema: tokenResponseSchema }, ...oauthErrors(400, 401) },
    before: [form],
    handler: async (_input, req, res) => {
      const body = formBody(req);
      const grantType = param(body, 'grant_type');
      const scopeParam = param(body, 'scope');
      if (!grantType) throw invalidRequest('The grant_type parameter is required.');
      const caller = await clients.authenticate(req, body, { allowAdminBearer: false });
      if (caller.kind !== 'client') throw invalidRequest('Client authentication is required.');
      const { credential } = caller;
      if (grantType !== 'client_credentials') {
        throw new OAuthError(400, 'unsupported_grant_type', 'Only the client_credentials grant is supported.');
      }
      const owned = credential.client.scopes;
      const asked = (scopeParam ?? '').split(' ').filter(Boolean);
      let granted = owned;
      if (asked.length > 0) {
        const byName = new Map(owned.map((s) => [fullyQualifiedScope(s), s]));
        const unknown = asked.filter((a) => !byName.has(a));
        if (unknown.length > 0) {
          await audit.record(req, {
            action: 'oauth2_client.token',
            outcome: 'failure',
            actor: { id: null, username: null },
            targetUserId: credential.user.id,
            tokenId: credential.client.id,
            details: { reason: 'invalid_scope' },
          });
          throw new OAuthError(400, 'invalid_scope', 'The client does not have every requested scope.');
        }
        granted = [...new Set(asked)].map((a) => byName.get(a)!);
      }
      const issued = await accessTokens.issue(issuerOf(publicUrl, req), credential, granted);
      const now = new Date().toISOString();
      await store.recordOAuth2ClientUse(credential.client.id, now);
      await audit.record(req, {
        action: 'oauth2_client.token',
        actor: { id: credential.user.id, username: credential.user.username },
        targetUserId: credential.user.id,
        tokenId: credential.client.id,
        details: { jti: issued.jti, scope: issued.scope },
      });
      const answer: z.output<typeof tokenResponseSchema> = {
        access_token: issued.token,
        token_type: 'Bearer',
        expires_in: issued.expiresIn,
        scope: issued.scope,
      };
      noStore(res).json(answer);
    },
  });

  /** Finds an access token or an auth token, if it is live. */
  async function find(req: Request, raw: string): Promise<Found | undefined> {
    if (isWellFormedToken(raw)) {
      const cred = await store.findTokenCredential(digestToken(raw));
      if (!cred) return undefined;
      const expired = cred.expiresAt !== null && cred.expiresAt <= new Date().toISOString();
      if (expired || cred.user.disabled || !cred.user.apiTokensEnabled) return undefined;
      return {
        kind: 'auth_token',
        tokenId: cred.tokenId,
        userId: cred.user.id,
        username: cred.user.username,
        expiresAt: cred.expiresAt,
      };
    }
    const verified = await accessTokens.verify(raw, issuerOf(publicUrl, req));
    if (!verified) return undefined;
    return {
      kind: 'access_token',
      claims: verified.claims,
      userId: verified.credential.user.id,
      username: verified.credential.user.username,
    };
  }

  /** Administrators see every token; a client sees its own, its owner's auth tokens, and tokens for its audiences. */
  function maySee(caller: Caller, t: Found, purpose: 'introspect' | 'revoke'): boolean {
    if (caller.kind === 'admin') return true;
    const { client, user } = caller.credential;
    if (t.kind === 'auth_token') return t.userId === user.id;
    if (t.claims.client_id === client.id) return true;
    if (purpose === 'revoke') return false;
    const aud = Array.isArray(t.claims.aud) ? t.claims.aud : [t.claims.aud];
    const mine = new Set(audiencesOf(client.scopes));
    return aud.some((a) => mine.has(a));
  }

  function tokenParam(body: ReturnType<typeof formBody>): string {
    const token = param(body, 'token');
    param(body, 'token_type_hint'); // only a hint (RFC 7009 §2.1): every kind is looked up anyway
    if (!token) throw invalidRequest('The token parameter is required.');
    return token;
  }

  const introspect = route({
    method: 'post',
    path: '/oauth2/v1/introspect',
    tag: TAG,
    summary: 'Token introspection (RFC 7662)',
    auth: 'none',
    request: { body: { schema: tokenFormSchema, contentTypes: [FORM], documentedOnly: true } },
    responses: { 200: { description: 'Introspection', schema: introspectionSchema }, ...oauthErrors(400, 401) },
    before: [form],
    handler: async (_input, req, res) => {
      const body = formBody(req);
      const caller = await clients.authenticate(req, body, { allowAdminBearer: true });
      const raw = tokenParam(body);
      const t = await find(req, raw);
      noStore(res);
      if (!t || !maySee(caller, t, 'introspect')) return void res.json(INACTIVE);
      if (t.kind === 'auth_token') {
        return void res.json({
          active: true,
          token_type: 'Bearer',
          sub: t.userId,
          username: t.username,
          iss: issuerOf(publicUrl, req),
          ...(t.expiresAt ? { exp: Math.floor(new Date(t.expiresAt).getTime() / 1000) } : {}),
        });
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
      };
      res.json(answer);
    },
  });

  const revoke = route({
    method: 'post',
    path: '/oauth2/v1/revoke',
    tag: TAG,
    summary: 'Token revocation (RFC 7009)',
    auth: 'none',
    request: { body: { schema: tokenFormSchema, contentTypes: [FORM], documentedOnly: true } },
    responses: { 200: { description: 'Revoked (or unknown)' }, ...oauthErrors(400, 401) },
    before: [form],
    handler: async (_input, req, res) => {
      const body = formBody(req);
      const caller = await clients.authenticate(req, body, { allowAdminBearer: true });
      const raw = tokenParam(body);
      const t = await find(req, raw);
      noStore(res);
      if (!t) return void res.status(200).end();
      if (!maySee(caller, t, 'revoke')) {
        throw new OAuthError(400, 'unauthorized_client', 'The token was not issued to this client.');
      }
      const actor =
        caller.kind === 'client'
          ? { actor: { id: caller.credential.user.id, username: caller.credential.user.username } }
          : {};
      if (t.kind === 'auth_token') {
        await store.deleteAuthToken(t.userId, t.tokenId);
        await audit.record(req, {
          action: 'auth_token.delete',
          ...actor,
          targetUserId: t.userId,
          tokenId: t.tokenId,
          details: { via: 'oauth2_revoke' },
        });
      } else {
        await accessTokens.revoke(t.claims);
        await audit.record(req, {
          action: 'oauth2_token.revoke',
          ...actor,
          targetUserId: t.userId,
          tokenId: t.claims.client_id,
          details: { jti: t.claims.jti },
        });
      }
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
export function metadataRoute(publicUrl: string | undefined): AnyRoute {
  return route({
    method: 'get',
    path: '/.well-known/oauth-authorization-server',
    tag: TAG,
    summary: 'Authorization server metadata (RFC 8414)',
    auth: 'none',
    responses: { 200: { description: 'Metadata', schema: metadataSchema } },
    handler: (_input, req, res) => {
      const issuer = issuerOf(publicUrl, req);
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
