import type { z } from 'zod';
import { auditContext } from '../http/audit-context.js';
import { Forbidden, Unauthenticated } from '../http/errors.js';
import type { Principal } from '../http/principal.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import type { BootstrapTokenService } from './bootstrap-token.js';
import { bootstrapTokenStatusSchema, updateBootstrapTokenSchema } from './schema.js';

const TAG = 'Settings';
type Status = z.output<typeof bootstrapTokenStatusSchema>;

function assertAdministrator(p: Principal | undefined): void {
  if (!p) throw new Unauthenticated();
  if (p.user.role !== 'admin') throw new Forbidden('Only administrators can see or change the bootstrap token.');
}

/** `GET` / `PATCH /api/settings/bootstrap-token` (administrators). */
export function settingsRoutes(bootstrapTokens: BootstrapTokenService): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/settings/bootstrap-token',
      tag: TAG,
      summary: 'Whether the bootstrap token is configured and turned on, and when it was last used (administrators)',
      auth: 'any',
      scope: 'admin:read',
      responses: { 200: { description: 'Its state', schema: bootstrapTokenStatusSchema }, ...problems(401, 403) },
      handler: async (_input, req, res) => {
        assertAdministrator(req.principal);
        res.json((await bootstrapTokens.status()) satisfies Status);
      },
    }),
    route({
      method: 'patch',
      path: '/api/settings/bootstrap-token',
      tag: TAG,
      summary: 'Turn the bootstrap token off or on, at once on every replica (administrators)',
      description:
        'Turned off, the configured token is refused like an unknown token (401) until an administrator turns it on ' +
        'again; no restart. Audited as `bootstrap_token.update`.',
      auth: 'any',
      scope: 'admin:write',
      stepUp: true,
      request: { body: { schema: updateBootstrapTokenSchema } },
      responses: {
        200: { description: 'Its new state', schema: bootstrapTokenStatusSchema },
        ...problems(400, 401, 403),
      },
      handler: async ({ body }, req, res) => {
        assertAdministrator(req.principal);
        res.json((await bootstrapTokens.setEnabled(auditContext(req), body.enabled)) satisfies Status);
      },
    }),
  ];
}
