import type { Request } from 'express';
import type { z } from 'zod';
import { regenerateSecretSchema } from '../grace-windows/schema.js';
import { auditContext } from '../http/audit-context.js';
import { Forbidden } from '../http/errors.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { confirmDeliverySchema } from '../security/credential-delivery.js';
import { isAdmin, resolveCredentialSubject } from '../users/policy.js';
import { presentCredentialOwner } from '../users/presenter.js';
import { userPath } from '../users/schema.js';
import { presentClient, presentNewClient, type ClientView } from './presenter.js';
import {
  audienceOwnershipListSchema,
  audienceOwnershipSchema,
  clientPath,
  createClientSchema,
  newOAuth2ClientSchema,
  oauth2ClientListSchema,
  oauth2ClientSchema,
  signingKeyRotationSchema,
  transferAudienceSchema,
  updateClientSchema,
} from './schema.js';
import type { AudienceOwnership } from './audience-ownership.js';
import type { AudienceActor, OAuth2ClientService } from './service.js';
import type { SigningKeyRotation } from './key-rotation.js';
import { credentialClientListSchema, credentialClientsQuery, sinceOf } from '../credential-clients/schema.js';

const TAG = 'OAuth 2.0';
const BASE = '/api/users/{userId}/oauth2-client-credentials';

/** `/api/users/:userId/oauth2-client-credentials`: the owner, an administrator, or a service account's owner; else 404. */
export function oauth2ClientRoutes(clients: OAuth2ClientService, origin: PublicOrigin): AnyRoute[] {
  // The owner, an administrator, or a service account's owning person (users/policy.ts mayActOnCredentialsOf).
  const subject = (req: Request, params: z.output<typeof userPath>) =>
    resolveCredentialSubject(req.principal, params.userId, (id) => clients.owner(id));
  /** Who saves audiences (F-9): an administrator may use any; Tessera's own audience is no one's. */
  const audienceActor = (req: Request): AudienceActor => ({
    ownAudience: origin(req),
    isAdmin: isAdmin(req.principal),
    heldAudiences: req.principal?.audiences,
  });
  /** The issuer this request sees and the owner's role: how a pre-scopes Tessera pair is shown. */
  const view = (req: Request, owner: Pick<ClientView, 'role'>): ClientView => ({
    issuer: origin(req),
    role: owner.role,
  });

  return [
    route({
      method: 'get',
      path: BASE,
      tag: TAG,
      summary: 'List a user’s OAuth 2.0 client credentials with the policy',
      auth: 'any',
      scope: { own: 'tokens:read', others: 'admin:read' },
      request: { params: userPath },
      responses: { 200: { description: 'Credentials', schema: oauth2ClientListSchema }, ...problems(401, 404) },
      handler: async ({ params }, req, res) => {
        const owner = await subject(req, params);
        const list = await clients.list(owner.id);
        const creators = await clients.creators(list);
        const answer: z.output<typeof oauth2ClientListSchema> = {
          items: list.map((c) => presentClient(c, creators, view(req, owner))),
          user: presentCredentialOwner(owner),
          policy: { ...clients.policy(), used: list.length },
          projectChoices: await clients.projectChoices(auditContext(req), owner),
        };
        res.json(answer);
      },
    }),

    route({
      method: 'post',
      path: BASE,
      tag: TAG,
      summary: 'Generate a client credential (the only response with the secret)',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      stepUp: true,
      request: { params: userPath, body: { schema: createClientSchema } },
      responses: {
        201: { description: 'Created', schema: newOAuth2ClientSchema },
        ...problems(400, 401, 403, 404, 409, 422),
      },
      handler: async ({ params, body: input }, req, res) => {
        const owner = await subject(req, params);
        const { client, secret } = await clients.create(auditContext(req), owner, input, audienceActor(req));
        res
          .status(201)
          .location(`/api/users/${owner.id}/oauth2-client-credentials/${client.id}`)
          .json(presentNewClient(client, await clients.creators([client]), view(req, owner), secret));
      },
    }),

    route({
      method: 'get',
      path: `${BASE}/{clientId}`,
      tag: TAG,
      summary: 'Read one client credential',
      auth: 'any',
      scope: { own: 'tokens:read', others: 'admin:read' },
      request: { params: clientPath },
      responses: { 200: { description: 'The credential', schema: oauth2ClientSchema }, ...problems(401, 404) },
      handler: async ({ params }, req, res) => {
        const owner = await subject(req, params);
        const client = await clients.get(owner.id, params.clientId);
        res.json(presentClient(client, await clients.creators([client]), view(req, owner)));
      },
    }),

    route({
      method: 'get',
      path: `${BASE}/{clientId}/clients`,
      tag: TAG,
      summary: 'The client credential’s recent callers: address and user agent pairs of the last 30 days',
      description:
        'Who obtained access tokens with it at the token endpoint: at most 20 pairs (those seen last), each with ' +
        'first and last seen and a count. `sinceDays` (1–30, default 30) narrows to pairs seen within that many days.',
      auth: 'any',
      scope: { own: 'tokens:read', others: 'admin:read' },
      request: { params: clientPath, query: credentialClientsQuery },
      responses: {
        200: { description: 'Recent clients', schema: credentialClientListSchema },
        ...problems(400, 401, 404),
      },
      handler: async ({ params, query }, req, res) => {
        const owner = await subject(req, params);
        const items = await clients.recentClients(owner.id, params.clientId, sinceOf(query.sinceDays));
        const answer: z.output<typeof credentialClientListSchema> = { items };
        res.json(answer);
      },
    }),

    route({
      method: 'patch',
      path: `${BASE}/{clientId}`,
      tag: TAG,
      summary: 'Change name, description, scopes, networks or projects',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      request: { params: clientPath, body: { schema: updateClientSchema } },
      responses: {
        200: { description: 'The credential', schema: oauth2ClientSchema },
        ...problems(400, 401, 403, 404, 409),
      },
      handler: async ({ params, body: patch }, req, res) => {
        const owner = await subject(req, params);
        const id = params.clientId;
        const client = await clients.update(auditContext(req), owner, id, patch, audienceActor(req));
        res.json(presentClient(client, await clients.creators([client]), view(req, owner)));
      },
    }),

    route({
      method: 'post',
      path: `${BASE}/{clientId}/reset-secret`,
      tag: TAG,
      summary: 'New secret; the old one stops working at once, or after a grace window',
      description:
        'The new expiry follows the policy as an auth token’s regenerate does: the same lifetime length from now, ' +
        'capped by `maxLifetimeDays` (never expiring: the longest allowed), and never beyond the requesting ' +
        'credential’s own expiry. An expired client stays expired. With `graceSeconds` the old secret keeps working ' +
        'at the token endpoint that long beside the new one (the answer’s `grace`; access tokens it obtained before ' +
        'the reset still die with it); each use is recorded and its owner told once per address and user agent. A ' +
        'reset ends any earlier window.',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      stepUp: true,
      request: { params: clientPath, body: { schema: regenerateSecretSchema, required: false } },
      responses: { 200: { description: 'Reset', schema: newOAuth2ClientSchema }, ...problems(400, 401, 403, 404) },
      handler: async ({ params, body }, req, res) => {
        const owner = await subject(req, params);
        const id = params.clientId;
        const grace = body?.graceSeconds ?? 0;
        const { client, secret } = await clients.resetSecret(auditContext(req), owner, id, origin(req), grace);
        res.json(presentNewClient(client, await clients.creators([client]), view(req, owner), secret));
      },
    }),

    route({
      method: 'delete',
      path: `${BASE}/{clientId}/grace`,
      tag: TAG,
      summary: 'End grace now: the old secret stops working at once',
      description:
        'Ends the grace window a secret reset opened: from the next request on, on every replica, only the new ' +
        'secret works. 404 when the client has no open window.',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      stepUp: true,
      request: { params: clientPath },
      responses: { 204: { description: 'Ended' }, ...problems(401, 403, 404) },
      handler: async ({ params }, req, res) => {
        const owner = await subject(req, params);
        await clients.endGrace(auditContext(req), owner, params.clientId);
        res.status(204).end();
      },
    }),

    route({
      method: 'post',
      path: `${BASE}/{clientId}/delivered`,
      tag: TAG,
      summary: 'Confirm that the client secret was delivered (no secret in the request)',
      description:
        'Say that the current secret, named by its hint, reached its owner: the console calls it once the secret, ' +
        'pasted back into the reveal dialog, matched in the browser. The body holds no secret, so this records a ' +
        'statement, not a proof. Idempotent: the first confirmation stays. 409 `secret_changed` when the hint is no ' +
        'longer the current secret’s (reset since).',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      request: { params: clientPath, body: { schema: confirmDeliverySchema } },
      responses: {
        200: { description: 'The credential', schema: oauth2ClientSchema },
        ...problems(400, 401, 403, 404, 409),
      },
      handler: async ({ params, body }, req, res) => {
        const owner = await subject(req, params);
        const client = await clients.confirmDelivery(auditContext(req), owner, params.clientId, body.hint);
        res.json(presentClient(client, await clients.creators([client]), view(req, owner)));
      },
    }),

    ...(['suspend', 'resume'] as const).map((action) =>
      route({
        method: 'post',
        path: `${BASE}/{clientId}/${action}`,
        tag: TAG,
        summary:
          action === 'suspend'
            ? 'Suspend: token requests and its access tokens refused at once; secret and settings kept'
            : 'Resume a suspended client credential',
        auth: 'any',
        scope: { own: 'tokens:write', others: 'admin:write' },
        stepUp: true,
        request: { params: clientPath },
        responses: { 200: { description: 'The credential', schema: oauth2ClientSchema }, ...problems(401, 403, 404) },
        handler: async ({ params }, req, res) => {
          const owner = await subject(req, params);
          const client = await clients.setSuspended(
            auditContext(req),
            owner,
            params.clientId,
            action === 'suspend',
            origin(req),
          );
          res.json(presentClient(client, await clients.creators([client]), view(req, owner)));
        },
      }),
    ),

    route({
      method: 'delete',
      path: `${BASE}/{clientId}`,
      tag: TAG,
      summary: 'Delete a client credential',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      stepUp: true,
      request: { params: clientPath },
      responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404) },
      handler: async ({ params }, req, res) => {
        const owner = await subject(req, params);
        const id = params.clientId;
        await clients.delete(auditContext(req), owner.id, id);
        res.status(204).end();
      },
    }),
  ];
}

/** `/api/oauth2/keys`: administrators rotate the access-token signing key. */
export function oauth2KeyRoutes(rotation: SigningKeyRotation): AnyRoute[] {
  return [
    route({
      method: 'post',
      path: '/api/oauth2/keys/rotate',
      tag: TAG,
      summary: 'Rotate the token signing key (administrators)',
      auth: 'any',
      scope: 'admin:write',
      responses: { 200: { description: 'New key id', schema: signingKeyRotationSchema }, ...problems(401, 403) },
      handler: async (_input, req, res) => {
        if (!isAdmin(req.principal)) throw new Forbidden('Only administrators can rotate signing keys.');
        const kid = await rotation.rotate(auditContext(req));
        res.json({ kid });
      },
    }),
  ];
}

/**
 * `/api/oauth2/audiences` (administrators): who owns which audience (F-9), and giving one to another user — when a
 * team changes hands, so its resource server may introspect the tokens addressed to it.
 */
export function oauth2AudienceRoutes(
  clients: OAuth2ClientService,
  ownership: AudienceOwnership,
  origin: PublicOrigin,
): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/oauth2/audiences',
      tag: TAG,
      summary: 'Who owns which OAuth audience (administrators)',
      auth: 'any',
      scope: 'admin:read',
      responses: {
        200: { description: 'Owned audiences', schema: audienceOwnershipListSchema },
        ...problems(401, 403),
      },
      handler: async (_input, req, res) => {
        if (!isAdmin(req.principal)) throw new Forbidden('Only administrators can list audience owners.');
        const answer: z.output<typeof audienceOwnershipListSchema> = { items: await ownership.audiences() };
        res.json(answer);
      },
    }),
    route({
      method: 'put',
      path: '/api/oauth2/audiences',
      tag: TAG,
      summary: 'Give an OAuth audience to a user (administrators)',
      auth: 'any',
      scope: 'admin:write',
      stepUp: true,
      request: { body: { schema: transferAudienceSchema } },
      responses: {
        200: { description: 'The audience and its new owner', schema: audienceOwnershipSchema },
        ...problems(400, 401, 403, 404, 422),
      },
      handler: async ({ body }, req, res) => {
        if (!isAdmin(req.principal)) throw new Forbidden('Only administrators can give an audience to a user.');
        const to = await clients.owner(body.userId);
        const { audience } = await ownership.transferAudience(auditContext(req), body.audience, to, origin(req));
        const item = (await ownership.audiences()).find((a) => a.audience === audience)!;
        res.json(item satisfies z.output<typeof audienceOwnershipSchema>);
      },
    }),
  ];
}
