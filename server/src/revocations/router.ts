import { auditContext } from '../http/audit-context.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { assertAdmin } from '../users/policy.js';
import {
  MAX_REVOCATION_IDS,
  createRevocationSchema,
  revocationAcceptedSchema,
  revocationListQuery,
  revocationListSchema,
  revocationPath,
  revocationPreviewSchema,
  revocationQuery,
  revocationSchema,
  revocationUndoneSchema,
} from './schema.js';
import type { RevocationService } from './service.js';

const TAG = 'Auth tokens';
export const REVOCATIONS_PATH = '/api/auth-tokens/revocations';

/** `/api/auth-tokens/revocations`: bulk revocation with undo, for administrators (issue 19). */
export function revocationRoutes(revocations: RevocationService): AnyRoute[] {
  return [
    route({
      method: 'post',
      path: REVOCATIONS_PATH,
      tag: TAG,
      summary: 'Revoke many tokens at once (administrators), by the inventory’s filter or by id; undoable for a while',
      description:
        'Exactly one of `filter` (the names and meanings of `GET /api/auth-tokens`’s query) and `ids` (at most ' +
        `${MAX_REVOCATION_IDS.toLocaleString('en')}). With \`?dryRun=true\`: 200 with how many tokens would be ` +
        'revoked and a sample, changing nothing. Otherwise 202 once every selected token is marked revoked: each is ' +
        'refused (401) from then on, on every replica, and shows `status: revoked` with the reason. Tokens already ' +
        'revoked or gone are not counted. Until `undoUntil` (TESSERA_REVOKE_UNDO_MINUTES), `…/{id}/undo` brings ' +
        'them back with the same secrets; after it they are deleted.',
      auth: 'any',
      scope: 'admin:write',
      // A dry run changes nothing: no step-up for the preview.
      stepUp: ({ query }) => !query.dryRun,
      request: { query: revocationQuery, body: { schema: createRevocationSchema } },
      responses: {
        200: { description: 'Dry run: what would be revoked', schema: revocationPreviewSchema },
        202: { description: 'Revoked; undoable until `undoUntil`', schema: revocationAcceptedSchema },
        ...problems(400, 401, 403, 413),
      },
      handler: async ({ query, body }, req, res) => {
        assertAdmin(req.principal);
        if (query.dryRun) {
          res.json(await revocations.preview(body));
          return;
        }
        const done = await revocations.revoke(auditContext(req), body);
        res.status(202).location(`${REVOCATIONS_PATH}/${done.id}`).json(done);
      },
    }),

    route({
      method: 'post',
      path: `${REVOCATIONS_PATH}/{id}/undo`,
      tag: TAG,
      summary: 'Undo a revocation inside its window: its tokens work again with the same secrets',
      description:
        'After the window, 409 `undo_window_closed`; a second undo, 409 `revocation_undone`. Tokens deleted by ' +
        'their owners meanwhile are not counted.',
      auth: 'any',
      scope: 'admin:write',
      stepUp: true,
      request: { params: revocationPath },
      responses: {
        200: { description: 'Undone', schema: revocationUndoneSchema },
        ...problems(401, 403, 404, 409),
      },
      handler: async ({ params }, req, res) => {
        assertAdmin(req.principal);
        res.json(await revocations.undo(auditContext(req), params.id));
      },
    }),

    route({
      method: 'get',
      path: REVOCATIONS_PATH,
      tag: TAG,
      summary: 'Revocations, most recent first (administrators)',
      auth: 'any',
      scope: 'admin:read',
      request: { query: revocationListQuery },
      responses: {
        200: { description: 'A page of revocations', schema: revocationListSchema },
        ...problems(400, 401, 403),
      },
      handler: async ({ query }, req, res) => {
        assertAdmin(req.principal);
        res.json(await revocations.list(query.limit, query.cursor));
      },
    }),

    route({
      method: 'get',
      path: `${REVOCATIONS_PATH}/{id}`,
      tag: TAG,
      summary: 'One revocation (administrators)',
      auth: 'any',
      scope: 'admin:read',
      request: { params: revocationPath },
      responses: { 200: { description: 'The revocation', schema: revocationSchema }, ...problems(401, 403, 404) },
      handler: async ({ params }, req, res) => {
        assertAdmin(req.principal);
        res.json(await revocations.get(params.id));
      },
    }),
  ];
}
