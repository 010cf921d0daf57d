import { auditContext } from '../http/audit-context.js';
import { Forbidden, Unauthenticated } from '../http/errors.js';
import type { Principal } from '../http/principal.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import {
  createWebhookSchema,
  deliveriesQuery,
  deliveryPageSchema,
  deliveryPath,
  deliverySchema,
  updateWebhookSchema,
  webhookListSchema,
  webhookPath,
  webhookSchema,
  webhookWithSecretSchema,
} from './schema.js';
import type { WebhookService } from './service.js';

const TAG = 'Webhooks';

function assertAdministrator(p: Principal | undefined): void {
  if (!p) throw new Unauthenticated();
  if (p.user.role !== 'admin') throw new Forbidden('Only administrators can manage webhooks.');
}

/** `/api/webhooks`: administrators' endpoints for the domain events, their secrets and their delivery logs. */
export function webhookRoutes(webhooks: WebhookService): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/webhooks',
      tag: TAG,
      summary: 'Every webhook endpoint (administrators)',
      auth: 'any',
      scope: 'admin:read',
      responses: {
        200: { description: 'The endpoints, newest first', schema: webhookListSchema },
        ...problems(401, 403),
      },
      handler: async (_input, req, res) => {
        assertAdministrator(req.principal);
        res.json({ items: await webhooks.list() });
      },
    }),
    route({
      method: 'post',
      path: '/api/webhooks',
      tag: TAG,
      summary: 'Add a webhook endpoint; its signing secret is in this response only',
      description:
        'Deliveries of the events named (types, `resource.*` or `*`) start with the next such event. The secret ' +
        '(`whsec_…`) signs every delivery (Standard Webhooks); copy it now: it is never shown again. Audited as ' +
        '`webhook.create`.\n\nEach delivery is a `POST` of `{ type, timestamp, data }` with the headers `webhook-id` ' +
        '(the same on every retry: deduplicate by it), `webhook-timestamp` (Unix seconds) and `webhook-signature` ' +
        '(`v1,` + base64 HMAC-SHA256 over `id.timestamp.body`, keyed by the base64-decoded secret after `whsec_`). ' +
        'A 2xx within 10 s succeeds; otherwise it is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, ' +
        'then failed. Redirects are not followed.',
      auth: 'any',
      scope: 'admin:write',
      stepUp: true,
      request: { body: { schema: createWebhookSchema } },
      responses: {
        201: { description: 'Added, with its secret', schema: webhookWithSecretSchema },
        ...problems(400, 401, 403),
      },
      handler: async ({ body }, req, res) => {
        assertAdministrator(req.principal);
        res.status(201).json(await webhooks.create(auditContext(req), body));
      },
    }),
    route({
      method: 'get',
      path: '/api/webhooks/{webhookId}',
      tag: TAG,
      summary: 'One webhook endpoint (administrators)',
      auth: 'any',
      scope: 'admin:read',
      request: { params: webhookPath },
      responses: { 200: { description: 'The endpoint', schema: webhookSchema }, ...problems(400, 401, 403, 404) },
      handler: async ({ params }, req, res) => {
        assertAdministrator(req.principal);
        res.json(await webhooks.get(params.webhookId));
      },
    }),
    route({
      method: 'patch',
      path: '/api/webhooks/{webhookId}',
      tag: TAG,
      summary: 'Change an endpoint’s URL, events or description, or turn it off or on',
      description:
        'Turned off (`enabled: false`), an endpoint gets no new deliveries and its pending ones wait until it is ' +
        'turned on again. Audited as `webhook.update`. A new URL or turning it off asks a session authenticated ' +
        'long ago to confirm first (401 `reauthentication_required`).',
      auth: 'any',
      scope: 'admin:write',
      // Pointing the endpoint elsewhere (with redeliver, a replay of the log) or silencing it is as sensitive as
      // creating one; the events and description are not.
      stepUp: ({ body }) => body.url !== undefined || body.enabled === false,
      request: { params: webhookPath, body: { schema: updateWebhookSchema } },
      responses: { 200: { description: 'The endpoint', schema: webhookSchema }, ...problems(400, 401, 403, 404) },
      handler: async ({ params, body }, req, res) => {
        assertAdministrator(req.principal);
        res.json(await webhooks.update(auditContext(req), params.webhookId, body));
      },
    }),
    route({
      method: 'delete',
      path: '/api/webhooks/{webhookId}',
      tag: TAG,
      summary: 'Delete an endpoint and its delivery log',
      description: 'Pending deliveries are dropped. Audited as `webhook.delete`.',
      auth: 'any',
      scope: 'admin:write',
      stepUp: true,
      request: { params: webhookPath },
      responses: { 204: { description: 'Deleted' }, ...problems(400, 401, 403, 404) },
      handler: async ({ params }, req, res) => {
        assertAdministrator(req.principal);
        await webhooks.delete(auditContext(req), params.webhookId);
        res.status(204).end();
      },
    }),
    route({
      method: 'post',
      path: '/api/webhooks/{webhookId}/rotate-secret',
      tag: TAG,
      summary: 'Replace an endpoint’s signing secret; the new one is in this response only',
      description:
        'The old secret stops at once: the next attempt of every delivery is signed with the new one. Audited as ' +
        '`webhook.rotate_secret`.',
      auth: 'any',
      scope: 'admin:write',
      stepUp: true,
      request: { params: webhookPath },
      responses: {
        200: { description: 'The endpoint with its new secret', schema: webhookWithSecretSchema },
        ...problems(400, 401, 403, 404),
      },
      handler: async ({ params }, req, res) => {
        assertAdministrator(req.principal);
        res.json(await webhooks.rotateSecret(auditContext(req), params.webhookId));
      },
    }),
    route({
      method: 'get',
      path: '/api/webhooks/{webhookId}/deliveries',
      tag: TAG,
      summary: 'An endpoint’s delivery log, newest first',
      description: 'Each delivery with its status, attempts, last response code and error; pages follow `nextCursor`.',
      auth: 'any',
      scope: 'admin:read',
      request: { params: webhookPath, query: deliveriesQuery },
      responses: {
        200: { description: 'A page of the log', schema: deliveryPageSchema },
        ...problems(400, 401, 403, 404),
      },
      handler: async ({ params, query }, req, res) => {
        assertAdministrator(req.principal);
        res.json(await webhooks.deliveryLog(params.webhookId, query));
      },
    }),
    route({
      method: 'post',
      path: '/api/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver',
      tag: TAG,
      summary: 'Send a delivery again, with the same `webhook-id`',
      description:
        'The delivery is due at once (within about a second) for one more attempt; receivers that deduplicate by ' +
        '`webhook-id` see it as the same message. Audited as `webhook.redeliver`.',
      auth: 'any',
      scope: 'admin:write',
      stepUp: true,
      request: { params: deliveryPath },
      responses: {
        202: { description: 'Due now', schema: deliverySchema },
        ...problems(400, 401, 403, 404),
      },
      handler: async ({ params }, req, res) => {
        assertAdministrator(req.principal);
        res.status(202).json(await webhooks.redeliver(auditContext(req), params.webhookId, params.deliveryId));
      },
    }),
    route({
      method: 'post',
      path: '/api/webhooks/{webhookId}/test',
      tag: TAG,
      summary: 'Send a `webhook.ping` delivery to check the receiver',
      description: 'One attempt, within about a second; its outcome shows in the delivery log.',
      auth: 'any',
      scope: 'admin:write',
      request: { params: webhookPath },
      responses: { 202: { description: 'Due now', schema: deliverySchema }, ...problems(400, 401, 403, 404) },
      handler: async ({ params }, req, res) => {
        assertAdministrator(req.principal);
        res.status(202).json(await webhooks.ping(params.webhookId));
      },
    }),
  ];
}
