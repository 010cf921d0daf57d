import type { PublicOrigin } from '../http/public-origin.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { assertAdmin } from '../users/policy.js';
import { clientInventoryPageSchema, clientInventoryQuery } from './client-schema.js';
import type { ClientInventoryService } from './client-service.js';

/** `GET /api/oauth2-client-credentials`: every user's OAuth 2.0 clients for administrators, filtered and paged by key. */
export function clientInventoryRoute(inventory: ClientInventoryService, origin: PublicOrigin): AnyRoute {
  return route({
    method: 'get',
    path: '/api/oauth2-client-credentials',
    tag: 'OAuth 2.0',
    summary: 'Every user’s OAuth 2.0 client credentials (administrators): the organisation’s inventory',
    description:
      'The auth-token inventory’s filters where they apply, narrowing together. Pages follow `nextCursor` (keyset ' +
      'pagination). `total` counts up to 10,000; beyond, `totalIsLowerBound` is true. An `owner` or `createdBy` ' +
      'naming no user matches no client. Absent (404) when the OAuth 2.0 feature is off.',
    auth: 'any',
    scope: 'admin:read',
    request: { query: clientInventoryQuery },
    responses: {
      200: { description: 'A page of the inventory', schema: clientInventoryPageSchema },
      ...problems(400, 401, 403),
    },
    handler: async ({ query }, req, res) => {
      assertAdmin(req.principal);
      const started = performance.now();
      const page = await inventory.page(query, origin(req));
      res.setHeader('Server-Timing', `inventory;dur=${(performance.now() - started).toFixed(1)}`);
      res.json(page);
    },
  });
}
