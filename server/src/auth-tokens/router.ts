import type { Request } from 'express';
import type { z } from 'zod';
import { auditContext } from '../http/audit-context.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { resolveCredentialSubject } from '../users/policy.js';
import { confirmDeliverySchema } from '../security/credential-delivery.js';
import { presentCredentialOwner } from '../users/presenter.js';
import { userPath } from '../users/schema.js';
import { scopeBit } from '../scopes/vocabulary.js';
import { presentAuthToken, presentNewAuthToken, tokenScopeMask, tokenStatus } from './presenter.js';
import {
  authTokenListSchema,
  authTokenSchema,
  createAuthTokenSchema,
  listAuthTokensQuery,
  newAuthTokenSchema,
  tokenPath,
  updateAuthTokenSchema,
} from './schema.js';
import { regenerateSecretSchema } from '../grace-windows/schema.js';
import type { AuthTokenService } from './service.js';
import { credentialClientListSchema, credentialClientsQuery, sinceOf } from '../credential-clients/schema.js';

const TAG = 'Auth tokens';
const BASE = '/api/users/{userId}/auth-tokens';

/** `/api/users/:userId/auth-tokens`: the owner, an administrator, or a service account's owner; anyone else gets 404. */
export function authTokenRoutes(tokens: AuthTokenService): AnyRoute[] {
  // The owner, an administrator, or a service account's owning person (users/policy.ts mayActOnCredentialsOf).
  const subject = (req: Request, params: z.output<typeof userPath>) =>
    resolveCredentialSubject(req.principal, params.userId, (id) => tokens.owner(id));

  return [
    route({
      method: 'get',
      path: BASE,
      tag: TAG,
      summary: 'List a user’s auth tokens with the token policy',
      auth: 'any',
      scope: { own: 'tokens:read', others: 'admin:read' },
      description:
        '`scope` and `status` narrow the items; `policy.used` still counts every token (suspended and expired ones ' +
        'count toward the limit).',
      request: { params: userPath, query: listAuthTokensQuery },
      responses: {
        200: { description: 'Tokens, owner and policy', schema: authTokenListSchema },
        ...problems(400, 401, 404),
      },
      handler: async ({ params, query }, req, res) => {
        const owner = await subject(req, params);
        const all = await tokens.list(owner.id);
        const now = new Date().toISOString();
        const bit = query.scope && scopeBit(query.scope);
        const list = all.filter(
          (t) =>
            (!bit || (tokenScopeMask(t, owner.role) & bit) !== 0) &&
            (!query.status || tokenStatus(t, now) === query.status),
        );
        const creators = await tokens.creators(list);
        const answer: z.output<typeof authTokenListSchema> = {
          items: list.map((t) => presentAuthToken(t, creators, owner.role)),
          user: presentCredentialOwner(owner),
          policy: { ...tokens.policy(), used: all.length },
          projectChoices: await tokens.projectChoices(auditContext(req), owner),
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
          .json(presentNewAuthToken(token, await tokens.creators([token]), owner.role, secret));
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
        res.json(presentAuthToken(token, await tokens.creators([token]), owner.role));
      },
    }),

    route({
      method: 'get',
      path: `${BASE}/{tokenId}/clients`,
      tag: TAG,
      summary: 'The token’s recent clients: address and user agent pairs of the last 30 days',
      description:
        'At most 20 pairs (those seen last), each with first and last seen and an approximate count; uses are ' +
        'written in the last-use flush, and those this replica has not written yet are included. `sinceDays` ' +
        '(1–30, default 30) narrows to pairs seen within that many days.',
      auth: 'any',
      scope: { own: 'tokens:read', others: 'admin:read' },
      request: { params: tokenPath, query: credentialClientsQuery },
      responses: {
        200: { description: 'Recent clients', schema: credentialClientListSchema },
        ...problems(400, 401, 404),
      },
      handler: async ({ params, query }, req, res) => {
        const owner = await subject(req, params);
        const items = await tokens.clients(owner.id, params.tokenId, sinceOf(query.sinceDays));
        const answer: z.output<typeof credentialClientListSchema> = { items };
        res.json(answer);
      },
    }),

    route({
      method: 'patch',
      path: `${BASE}/{tokenId}`,
      tag: TAG,
      summary: 'Change a token’s description, scopes, network allow-list or projects',
      description:
        'Scopes, networks and projects may always be narrowed. Widening them (a scope the token lacks, `scopes: null` ' +
        'for full access, a wider or empty network list, a project it is not limited to or `projects: null`) needs a ' +
        'signed-in console session: from a token, 403 `scope_widening_needs_session`, ' +
        '`network_widening_needs_session` or `project_widening_needs_session`. Never beyond the requesting ' +
        'credential’s own (403 `insufficient_scope`, `network_exceeds_credential`, `projects_exceed_credential`). ' +
        'A project added must be one the owner holds a role in (400 naming `projects`).',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      request: { params: tokenPath, body: { schema: updateAuthTokenSchema } },
      responses: { 200: { description: 'The token', schema: authTokenSchema }, ...problems(400, 401, 403, 404) },
      handler: async ({ params, body }, req, res) => {
        const owner = await subject(req, params);
        const token = await tokens.update(auditContext(req), owner, params.tokenId, body);
        res.json(presentAuthToken(token, await tokens.creators([token]), owner.role));
      },
    }),

    route({
      method: 'post',
      path: `${BASE}/{tokenId}/regenerate`,
      tag: TAG,
      summary: 'New secret, same settings; the old secret stops working at once, or after a grace window',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      stepUp: true,
      request: { params: tokenPath, body: { schema: regenerateSecretSchema, required: false } },
      description:
        'An expired token is not regenerated (409 `token_expired`: generate a new one). A suspended one is, and stays ' +
        'suspended (resume it to use the new secret). A token can regenerate only a token no broader than itself ' +
        '(403 `insufficient_scope`, `network_exceeds_credential`). Of concurrent regenerates of one token exactly one ' +
        'succeeds; the others get 409 `conflict`. With `graceSeconds` the old secret keeps working that long beside ' +
        'the new one (the answer’s `grace`); each use of it is recorded and its owner told once per address and user ' +
        'agent. A regenerate ends any earlier window: only the latest previous secret is kept.',
      responses: {
        200: { description: 'Regenerated', schema: newAuthTokenSchema },
        ...problems(400, 401, 403, 404, 409, 422),
      },
      handler: async ({ params, body }, req, res) => {
        const owner = await subject(req, params);
        const tokenId = params.tokenId;
        const grace = body?.graceSeconds ?? 0;
        const { token, secret } = await tokens.regenerate(auditContext(req), owner, tokenId, grace);
        res.json(presentNewAuthToken(token, await tokens.creators([token]), owner.role, secret));
      },
    }),

    route({
      method: 'delete',
      path: `${BASE}/{tokenId}/grace`,
      tag: TAG,
      summary: 'End grace now: the old secret stops working at once',
      description:
        'Ends the grace window a regenerate opened: from the next request on, on every replica, only the new secret ' +
        'works. 404 when the token has no open window.',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      stepUp: true,
      request: { params: tokenPath },
      responses: { 204: { description: 'Ended' }, ...problems(401, 403, 404) },
      handler: async ({ params }, req, res) => {
        const owner = await subject(req, params);
        await tokens.endGrace(auditContext(req), owner, params.tokenId);
        res.status(204).end();
      },
    }),

    route({
      method: 'post',
      path: `${BASE}/{tokenId}/delivered`,
      tag: TAG,
      summary: 'Confirm that the token’s secret was delivered (no secret in the request)',
      description:
        'Say that the current secret, named by its hint, reached its owner: the console calls it once the secret, ' +
        'pasted back into the reveal dialog, matched in the browser. The body holds no secret, so this records a ' +
        'statement, not a proof. Idempotent: the first confirmation stays. 409 `secret_changed` when the hint is no ' +
        'longer the current secret’s (regenerated since).',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      request: { params: tokenPath, body: { schema: confirmDeliverySchema } },
      responses: { 200: { description: 'The token', schema: authTokenSchema }, ...problems(400, 401, 403, 404, 409) },
      handler: async ({ params, body }, req, res) => {
        const owner = await subject(req, params);
        const token = await tokens.confirmDelivery(auditContext(req), owner, params.tokenId, body.hint);
        res.json(presentAuthToken(token, await tokens.creators([token]), owner.role));
      },
    }),

    ...(['suspend', 'resume'] as const).map((action) =>
      route({
        method: 'post',
        path: `${BASE}/{tokenId}/${action}`,
        tag: TAG,
        summary:
          action === 'suspend'
            ? 'Suspend a token: refused from the next request on, secret and settings kept'
            : 'Resume a suspended token',
        description:
          action === 'suspend'
            ? 'Idempotent. The token keeps its secret, scopes, networks and expiry, still counts toward the per-user ' +
              'limit, and is refused (401) on every replica from the next request on.'
            : 'Idempotent. A token can resume only a token no broader than itself (403 `insufficient_scope`, ' +
              '`network_exceeds_credential`). An expired token stays expired.',
        auth: 'any',
        scope: { own: 'tokens:write', others: 'admin:write' },
        stepUp: true,
        request: { params: tokenPath },
        responses: { 200: { description: 'The token', schema: authTokenSchema }, ...problems(401, 403, 404) },
        handler: async ({ params }, req, res) => {
          const owner = await subject(req, params);
          const token = await tokens.setSuspended(auditContext(req), owner, params.tokenId, action === 'suspend');
          res.json(presentAuthToken(token, await tokens.creators([token]), owner.role));
        },
      }),
    ),

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
