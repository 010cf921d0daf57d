import type { z } from 'zod';
import { auditContext } from '../http/audit-context.js';
import { Forbidden, Unauthenticated } from '../http/errors.js';
import type { Principal } from '../http/principal.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import type { PolicyService } from './service.js';
import { policyImpactRequestSchema, policyImpactSchema, policySchema, updatePolicySchema } from './schema.js';

const TAG = 'Policy';

function assertAdministrator(p: Principal | undefined): void {
  if (!p) throw new Unauthenticated();
  if (p.user.role !== 'admin') throw new Forbidden('Only administrators can see or change the policy.');
}

/** `GET` / `PATCH /api/policy` and `POST /api/policy/impact` (administrators). */
export function policyRoutes(policy: PolicyService): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/policy',
      tag: TAG,
      summary: 'The lifecycle policy in force (administrators)',
      description:
        'Until an administrator saves a policy, the environment variables (TESSERA_MAX_TOKENS_PER_USER, …) give its ' +
        'values.',
      auth: 'any',
      scope: 'admin:read',
      responses: { 200: { description: 'The policy', schema: policySchema }, ...problems(401, 403) },
      handler: (_input, req, res) => {
        assertAdministrator(req.principal);
        res.json(policy.current() satisfies z.output<typeof policySchema>);
      },
    }),
    route({
      method: 'patch',
      path: '/api/policy',
      tag: TAG,
      summary: 'Change the lifecycle policy, in force on every replica within a second (administrators)',
      description:
        'A partial body: the fields it names change, the others keep their values. The result must be consistent ' +
        '(defaultLifetimeDays ≤ maxLifetimeDays; maxLifetimeDays set → requireExpiry; defaultScopes within ' +
        'allowedScopes, null only while every scope is allowed), else 400 naming every broken rule and nothing ' +
        'changes. Existing credentials keep their expiry and scopes; new creates, regenerates and OAuth client ' +
        'authentications follow the new policy. Audited as `policy.update` with the policy before and after.',
      auth: 'any',
      scope: 'admin:write',
      stepUp: true,
      request: { body: { schema: updatePolicySchema } },
      responses: {
        200: { description: 'The whole policy now in force', schema: policySchema },
        ...problems(400, 401, 403, 409),
      },
      handler: async ({ body }, req, res) => {
        assertAdministrator(req.principal);
        res.json((await policy.update(auditContext(req), body)) satisfies z.output<typeof policySchema>);
      },
    }),
    route({
      method: 'post',
      path: '/api/policy/impact',
      tag: TAG,
      summary: 'How many existing credentials a proposed policy would affect; changes nothing (administrators)',
      description:
        'The body is a proposed change, as for PATCH (an empty body measures the policy in force). Counts are ' +
        'taken now over the credentials in the database; the console shows them before Save.',
      auth: 'any',
      scope: 'admin:read',
      request: { body: { schema: policyImpactRequestSchema } },
      responses: { 200: { description: 'The counts', schema: policyImpactSchema }, ...problems(400, 401, 403) },
      handler: async ({ body }, req, res) => {
        assertAdministrator(req.principal);
        const proposed = policy.proposed(body);
        const answer: z.output<typeof policyImpactSchema> = { policy: proposed, ...(await policy.impact(proposed)) };
        res.json(answer);
      },
    }),
  ];
}
