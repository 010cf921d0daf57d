import type { z } from 'zod';
import { auditContext } from '../http/audit-context.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { assertAdmin } from '../users/policy.js';
import {
  createServiceAccountSchema,
  listServiceAccountsQuery,
  serviceAccountPageSchema,
  serviceAccountPath,
  serviceAccountSchema,
  transferOwnershipSchema,
  updateServiceAccountSchema,
} from './schema.js';
import type { ServiceAccountService, ServiceAccountView } from './service.js';

const TAG = 'Service accounts';
const BASE = '/api/service-accounts';
const ONE = `${BASE}/{serviceAccountId}`;

/** What leaves the server about a service account (it has no secret of its own). */
export const presentServiceAccount = (v: ServiceAccountView): z.output<typeof serviceAccountSchema> => ({
  id: v.account.id,
  username: v.account.username,
  displayName: v.account.displayName,
  description: v.account.description,
  disabled: v.account.disabled,
  owner: v.owner,
  tokenCount: v.tokenCount,
  clientCount: v.clientCount,
  createdAt: v.account.createdAt,
  updatedAt: v.account.updatedAt,
});

const CREDENTIALS_NOTE =
  'Its credentials are any user’s: `/api/users/{serviceAccountId}/auth-tokens` and `…/oauth2-client-credentials`, ' +
  'for administrators and the owning person.';

/**
 * `/api/service-accounts`: administrators create and delete them; administrators and the owning person read, change
 * and hand them over; anyone else gets 404.
 */
export function serviceAccountRoutes(accounts: ServiceAccountService): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: BASE,
      tag: TAG,
      summary: 'List service accounts: every one for administrators, one’s own for anyone else',
      description: 'An administrator’s credential without `admin:read` lists the service accounts they own.',
      auth: 'any',
      scope: 'tokens:read',
      request: { query: listServiceAccountsQuery },
      responses: {
        200: { description: 'A page of service accounts', schema: serviceAccountPageSchema },
        ...problems(400, 401, 403),
      },
      handler: async ({ query }, req, res) => {
        const page = await accounts.list(req.principal!, query);
        res.json({
          items: page.items.map(presentServiceAccount),
          nextCursor: page.nextCursor,
          total: page.total,
        } satisfies z.output<typeof serviceAccountPageSchema>);
      },
    }),

    route({
      method: 'post',
      path: BASE,
      tag: TAG,
      summary: 'Create a service account (administrators)',
      description: `No password and no console sign-in; \`ownerId\` null (the default) is the administrators. ${CREDENTIALS_NOTE}`,
      auth: 'any',
      scope: 'admin:write',
      request: { body: { schema: createServiceAccountSchema } },
      responses: {
        201: { description: 'Created', schema: serviceAccountSchema },
        ...problems(400, 401, 403, 409),
      },
      handler: async ({ body }, req, res) => {
        assertAdmin(req.principal);
        const view = await accounts.create(auditContext(req), body);
        res.status(201).location(`${BASE}/${view.account.id}`).json(presentServiceAccount(view));
      },
    }),

    route({
      method: 'get',
      path: ONE,
      tag: TAG,
      summary: 'Read a service account (administrators and its owner)',
      description: CREDENTIALS_NOTE,
      auth: 'any',
      scope: 'tokens:read',
      request: { params: serviceAccountPath },
      responses: {
        200: { description: 'The service account', schema: serviceAccountSchema },
        ...problems(401, 403, 404),
      },
      handler: async ({ params }, req, res) => {
        res.json(presentServiceAccount(await accounts.get(req.principal!, params.serviceAccountId)));
      },
    }),

    route({
      method: 'patch',
      path: ONE,
      tag: TAG,
      summary: 'Change a service account’s name, description, or disable/enable it (administrators and its owner)',
      description: 'A disabled service account’s credentials are refused until it is enabled again.',
      auth: 'any',
      scope: 'tokens:write',
      request: { params: serviceAccountPath, body: { schema: updateServiceAccountSchema } },
      responses: {
        200: { description: 'The service account', schema: serviceAccountSchema },
        ...problems(400, 401, 403, 404),
      },
      handler: async ({ params, body }, req, res) => {
        const view = await accounts.update(auditContext(req), req.principal!, params.serviceAccountId, body);
        res.json(presentServiceAccount(view));
      },
    }),

    route({
      method: 'post',
      path: `${ONE}/owner`,
      tag: TAG,
      summary: 'Hand a service account over to another person or to the administrators (administrators and its owner)',
      description: 'Audited as `service_account.transfer_ownership` with the owners before and after.',
      auth: 'any',
      scope: 'tokens:write',
      request: { params: serviceAccountPath, body: { schema: transferOwnershipSchema } },
      responses: {
        200: { description: 'The service account', schema: serviceAccountSchema },
        ...problems(400, 401, 403, 404),
      },
      handler: async ({ params, body }, req, res) => {
        const view = await accounts.transferOwnership(
          auditContext(req),
          req.principal!,
          params.serviceAccountId,
          body.ownerId,
        );
        res.json(presentServiceAccount(view));
      },
    }),

    route({
      method: 'delete',
      path: ONE,
      tag: TAG,
      summary: 'Delete a service account and every credential it holds (administrators)',
      auth: 'any',
      scope: 'admin:write',
      request: { params: serviceAccountPath },
      responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404) },
      handler: async ({ params }, req, res) => {
        assertAdmin(req.principal);
        await accounts.delete(auditContext(req), params.serviceAccountId);
        res.status(204).end();
      },
    }),
  ];
}
