import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { assertAdmin } from '../users/policy.js';
import { inventoryPageSchema, inventoryQuery } from './schema.js';
import type { TokenInventoryService } from './service.js';

/** `GET /api/auth-tokens`: every user's tokens for administrators, filtered, sorted and paged by key. */
export function authTokenInventoryRoute(inventory: TokenInventoryService): AnyRoute {
  return route({
    method: 'get',
    path: '/api/auth-tokens',
    tag: 'Auth tokens',
    summary: 'Every user’s auth tokens (administrators): the organisation’s inventory',
    description:
      'Filters narrow together. Pages follow `nextCursor` (keyset pagination: stable while tokens are added). ' +
      '`total` counts up to 10,000; beyond, `totalIsLowerBound` is true. An `owner` or `createdBy` naming no user ' +
      'matches no token.',
    auth: 'any',
    scope: 'admin:read',
    request: { query: inventoryQuery },
    responses: {
      200: { description: 'A page of the inventory', schema: inventoryPageSchema },
      ...problems(400, 401, 403),
    },
    handler: async ({ query }, req, res) => {
      assertAdmin(req.principal);
      const started = performance.now();
      const page = await inventory.page(query);
      // The server's time for the page (filters, rows, count), read by the benchmark (issue 19's targets).
      res.setHeader('Server-Timing', `inventory;dur=${(performance.now() - started).toFixed(1)}`);
      res.json(page);
    },
  });
}
