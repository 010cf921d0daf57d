import type { Request } from 'express';
import type { z } from 'zod';
import { auditContext } from '../http/audit-context.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { resolveSubjectUserId } from '../users/policy.js';
import { presentCredentialOwner } from '../users/presenter.js';
import { userPath } from '../users/schema.js';
import { presentAuthToken, presentNewAuthToken } from './presenter.js';
import {
  authTokenListSchema,
  authTokenSchema,
  createAuthTokenSchema,
  newAuthTokenSchema,
  tokenPath,
  updateAuthTokenSchema,
} from './schema.js';
import type { AuthTokenService } from './service.js';

const TAG = 'Auth tokens';
const BASE = '/api/users/{userId}/auth-tokens';

/** `/api/users/:userId/auth-tokens`: the owner or an administrator; anyone else gets 404. */
export function authTokenRoutes(tokens: AuthTokenService): AnyRoute[] {
  const subject = async (req: Request, params: z.output<typeof userPath>) => {
    const id = resolveSubjectUserId(req.principal, params.userId);
    return tokens.owner(id);
  };

  return [
    route({
      method: 'get',
      path: BASE,
      tag: TAG,
      summary: 'List a user’s auth tokens with the token policy',
      auth: 'any',
      scope: { own: 'tokens:read', others: 'admin:read' },
      request: { params: userPath },
      responses: {
        200: { description: 'Tokens, owner and policy', schema: authTokenListSchema },
        ...problems(401, 404),
      },
      handler: async ({ params }, req, res) => {
        const owner = await subject(req, params);
        const list = await tokens.list(owner.id);
        const creators = await tokens.creators(list);
        const answer: z.output<typeof authTokenListSchema> = {
          items: list.map((t) => presentAuthToken(t, creators)),
          user: presentCredentialOwner(owner),
          policy: { ...tokens.policy(), used: list.length },
        };
        res.json(answer);
      },
    }),

    route({
      method: 'post',
      path: BASE,
      tag: TAG,
      summary: 'Generate a token (the only response with the secret)',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      stepUp: true,
      request: { params: userPath, body: { schema: createAuthTokenSchema } },
      responses: {
        201: { description: 'Created', schema: newAuthTokenSchema },
        ...problems(400, 401, 403, 404, 409, 422),
      },
      handler: async ({ params, body: input }, req, res) => {
        const owner = await subject(req, params);
        const { token, secret } = await tokens.create(auditContext(req), owner, input);
        res
          .status(201)
          .location(`/api/users/${owner.id}/auth-tokens/${token.id}`)
          .json(presentNewAuthToken(token, await tokens.creators([token]), secret));
      },
    }),

    route({
      method: 'get',
      path: `${BASE}/{tokenId}`,
      tag: TAG,
      summary: 'Read one token',
      auth: 'any',
      scope: { own: 'tokens:read', others: 'admin:read' },
      request: { params: tokenPath },
      responses: { 200: { description: 'The token', schema: authTokenSchema }, ...problems(401, 404) },
      handler: async ({ params }, req, res) => {
        const owner = await subject(req, params);
        const token = await tokens.get(owner.id, params.tokenId);
        res.json(presentAuthToken(token, await tokens.creators([token])));
      },
    }),

    route({
      method: 'patch',
      path: `${BASE}/{tokenId}`,
      tag: TAG,
      summary: 'Change a token’s description',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      request: { params: tokenPath, body: { schema: updateAuthTokenSchema } },
      responses: { 200: { description: 'The token', schema: authTokenSchema }, ...problems(400, 401, 403, 404) },
      handler: async ({ params, body }, req, res) => {
        const owner = await subject(req, params);
        const tokenId = params.tokenId;
        const { description } = body;
        const token = await tokens.updateDescription(auditContext(req), owner.id, tokenId, description);
        res.json(presentAuthToken(token, await tokens.creators([token])));
      },
    }),

    route({
      method: 'post',
      path: `${BASE}/{tokenId}/regenerate`,
      tag: TAG,
      summary: 'New secret, same settings; the old secret stops working at once',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      stepUp: true,
      request: { params: tokenPath },
      description:
        'An expired token is not regenerated (409 `token_expired`: generate a new one). Of concurrent regenerates ' +
        'of one token exactly one succeeds; the others get 409 `conflict`.',
      responses: {
        200: { description: 'Regenerated', schema: newAuthTokenSchema },
        ...problems(401, 403, 404, 409, 422),
      },
      handler: async ({ params }, req, res) => {
        const owner = await subject(req, params);
        const tokenId = params.tokenId;
        const { token, secret } = await tokens.regenerate(auditContext(req), owner, tokenId);
        res.json(presentNewAuthToken(token, await tokens.creators([token]), secret));
      },
    }),

    route({
      method: 'delete',
      path: `${BASE}/{tokenId}`,
      tag: TAG,
      summary: 'Delete (revoke) a token',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      stepUp: true,
      request: { params: tokenPath },
      responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404) },
      handler: async ({ params }, req, res) => {
        const owner = await subject(req, params);
        const tokenId = params.tokenId;
        await tokens.delete(auditContext(req), owner.id, tokenId);
        res.status(204).end();
      },
    }),
  ];
}
