import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { AuthToken, AuthTokenService } from '../auth-tokens/service.js';
import { auditContext } from '../http/audit-context.js';
import { STATUS_TITLES, classifyForRenderer } from '../http/error-classifier.js';
import { NotFound, Unauthenticated } from '../http/errors.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { route, type AnyRoute, type ResponseSpec } from '../http/route.js';
import type { User, UserService } from '../users/service.js';
import {
  GOODDATA_MEDIA_TYPE,
  apiTokenDocumentSchema,
  apiTokenInDocument,
  apiTokenListSchema,
  jsonApiErrorsSchema,
  tokenPath,
  userPath,
} from './schema.js';

/** Where GoodData.CN serves API tokens: today's `/api/v1/entities/…` and the 1.x `/api/entities/…` its browser snippet uses. */
export const GOODDATA_API_TOKEN_BASES = [
  { prefix: '/api/v1/entities/users/{userId}/apiTokens', deprecated: false },
  { prefix: '/api/entities/users/{userId}/apiTokens', deprecated: true },
] as const;

const TAG = 'GoodData.CN API tokens';
type TokenDocument = z.output<typeof apiTokenDocumentSchema>;
const errors = (...statuses: number[]): Record<number, ResponseSpec> =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: 'JSON:API error document', schema: jsonApiErrorsSchema, contentType: GOODDATA_MEDIA_TYPE },
    ]),
  );
const jsonApi = (schema: z.ZodType, description: string): ResponseSpec => ({
  description,
  schema,
  contentType: GOODDATA_MEDIA_TYPE,
});

const send = (res: Response, status: number, doc: unknown) => {
  res.status(status).type(GOODDATA_MEDIA_TYPE).send(JSON.stringify(doc));
};

// Console-made tokens have no GoodData id; their Tessera id stands in, so every token is reachable here too.
const gooddataIdOf = (t: AuthToken) => t.name ?? t.id;

/** GoodData.CN `apiTokens` over Tessera's auth tokens at one base path: the same tokens the console lists. */
export function gooddataApiTokenRoutes(deps: {
  tokens: AuthTokenService;
  users: UserService;
  /** The public origin links start with (http/public-origin.ts): never a hostile Host. */
  origin: PublicOrigin;
  base: (typeof GOODDATA_API_TOKEN_BASES)[number];
}): AnyRoute[] {
  const { tokens, users, origin } = deps;
  const { prefix: base, deprecated } = deps.base;

  /** The owner named by `{userId}` (id, username or `me`): the caller themself or, for administrators, anyone. */
  async function owner(req: Request, params: z.output<typeof userPath>): Promise<User> {
    const p = req.principal;
    if (!p) throw new Unauthenticated();
    const param = params.userId;
    const user = param === 'me' ? await users.find(p.user.id) : await users.getByIdOrUsername(param);
    if (!user || (p.user.role !== 'admin' && user.id !== p.user.id)) throw new NotFound('No such user.');
    return user;
  }

  const byGooddataId = (ownerId: string, id: string): Promise<AuthToken> => tokens.getByNameOrId(ownerId, id);

  const self = (req: Request, id?: string) =>
    `${origin(req)}${req.baseUrl}${id === undefined ? '' : `/${encodeURIComponent(id)}`}`;

  const create = route({
    method: 'post',
    path: base,
    tag: TAG,
    summary: 'Create an API token; data.attributes.bearerToken is returned only here',
    description:
      'Authenticated by another token, the bootstrap token, or a signed-in console session. As in GoodData.CN, ' +
      'the token does not expire, unless the policy sets a maximum lifetime (then it expires after that maximum) or ' +
      'the request’s own credential expires (then it expires with it: data.attributes.expiresAt says when). It gets ' +
      'exactly the scopes and network allow-list of the credential making the request: from a session or the ' +
      'bootstrap token, full access, as GoodData-style tokens keep.',
    auth: 'any',
    scope: { own: 'tokens:write', others: 'admin:write' },
    stepUp: true,
    deprecated,
    request: {
      params: userPath,
      body: { schema: apiTokenInDocument, contentTypes: [GOODDATA_MEDIA_TYPE, 'application/json'] },
    },
    responses: { 201: jsonApi(apiTokenDocumentSchema, 'Created'), ...errors(400, 401, 403, 404, 409, 422) },
    handler: async ({ params, body }, req, res) => {
      const user = await owner(req, params);
      const { data } = body;
      const { token, secret } = await tokens.create(
        auditContext(req),
        user,
        // GoodData.CN's API tokens never expire; Tessera's policy maximum, when set, still applies.
        { description: data.id, name: data.id, lifetime: 'longest' },
        { api: 'gooddata' },
      );
      res.location(self(req, data.id));
      send(res, 201, {
        data: {
          id: data.id,
          type: 'apiToken',
          attributes: { bearerToken: secret, ...(token.expiresAt !== null ? { expiresAt: token.expiresAt } : {}) },
        },
        links: { self: self(req, data.id) },
      } satisfies TokenDocument);
    },
  });

  const list = route({
    method: 'get',
    path: base,
    tag: TAG,
    summary: 'List a user’s API tokens (never the bearer token)',
    auth: 'any',
    scope: { own: 'tokens:read', others: 'admin:read' },
    deprecated,
    request: { params: userPath },
    responses: { 200: jsonApi(apiTokenListSchema, 'The tokens'), ...errors(401, 404) },
    handler: async ({ params }, req, res) => {
      const user = await owner(req, params);
      const list = await tokens.list(user.id);
      send(res, 200, {
        data: list.map((t) => ({
          id: gooddataIdOf(t),
          type: 'apiToken',
          attributes: {},
          links: { self: self(req, gooddataIdOf(t)) },
        })),
        links: { self: self(req) },
      } satisfies z.output<typeof apiTokenListSchema>);
    },
  });

  const read = route({
    method: 'get',
    path: `${base}/{id}`,
    tag: TAG,
    summary: 'Read one API token (never the bearer token)',
    auth: 'any',
    scope: { own: 'tokens:read', others: 'admin:read' },
    deprecated,
    request: { params: tokenPath },
    responses: { 200: jsonApi(apiTokenDocumentSchema, 'The token'), ...errors(401, 404) },
    handler: async ({ params }, req, res) => {
      const user = await owner(req, params);
      const t = await byGooddataId(user.id, params.id);
      send(res, 200, {
        data: { id: gooddataIdOf(t), type: 'apiToken', attributes: {} },
        links: { self: self(req, gooddataIdOf(t)) },
      } satisfies TokenDocument);
    },
  });

  const remove = route({
    method: 'delete',
    path: `${base}/{id}`,
    tag: TAG,
    summary: 'Delete an API token; it stops working at once',
    auth: 'any',
    scope: { own: 'tokens:write', others: 'admin:write' },
    stepUp: true,
    deprecated,
    request: { params: tokenPath },
    responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404) },
    handler: async ({ params }, req, res) => {
      const user = await owner(req, params);
      const t = await byGooddataId(user.id, params.id);
      await tokens.delete(auditContext(req), user.id, t.id, { api: 'gooddata' });
      res.status(204).end();
    },
  });

  return [create, list, read, remove];
}

const TITLES: Record<number, string> = { ...STATUS_TITLES, 413: 'Payload Too Large', 422: 'Unprocessable Entity' };

/** JSON:API error documents for everything under the GoodData paths, including credential failures before the router. */
export function gooddataErrors(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const { status, code, message: detail } = classifyForRenderer(err, req, res, logger).error;
    send(res, status, {
      errors: [{ status: String(status), code, title: TITLES[status] ?? 'Error', detail }],
    } satisfies z.output<typeof jsonApiErrorsSchema>);
  };
}
