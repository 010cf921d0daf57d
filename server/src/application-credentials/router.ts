import type { Request } from 'express';
import type { z } from 'zod';
import { auditContext } from '../http/audit-context.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { resolveCredentialSubject } from '../users/policy.js';
import { userPath } from '../users/schema.js';
import { presentApplicationCredential } from './presenter.js';
import {
  applicationCredentialListSchema,
  applicationCredentialSchema,
  createApplicationCredentialSchema,
  credentialPath,
  newApplicationCredentialSchema,
} from './schema.js';
import { limitsOf, type ApplicationCredentialService } from './service.js';

const TAG = 'Application credentials';
const BASE = '/api/users/{userId}/application-credentials';

/**
 * `/api/users/:userId/application-credentials`, the console's side of Keystone's application credentials: the owner,
 * an administrator or a service account's owning person, by the auth tokens' rule (resolveCredentialSubject); anyone
 * else gets 404. Without a scoped token, a create names its project (one the user holds a role in) and roles.
 */
export function applicationCredentialRoutes(credentials: ApplicationCredentialService): AnyRoute[] {
  const subject = (req: Request, params: z.output<typeof userPath>) =>
    resolveCredentialSubject(req.principal, params.userId, (id) => credentials.owner(id));

  return [
    route({
      method: 'get',
      path: BASE,
      tag: TAG,
      summary: 'List a user’s application credentials (never their secrets)',
      auth: 'any',
      scope: { own: 'tokens:read', others: 'admin:read' },
      request: { params: userPath },
      responses: {
        200: { description: 'Credentials', schema: applicationCredentialListSchema },
        ...problems(401, 404),
      },
      handler: async ({ params }, req, res) => {
        const owner = await subject(req, params);
        const list = await credentials.list(owner.id);
        const projects = await credentials.projectsOf(list);
        const answer: z.output<typeof applicationCredentialListSchema> = {
          items: list.map((c) => presentApplicationCredential(c, projects)),
          policy: credentials.expiryPolicy(),
        };
        res.json(answer);
      },
    }),

    route({
      method: 'post',
      path: BASE,
      tag: TAG,
      summary: 'Create an application credential (the only response with the secret)',
      description:
        'Bound to `projectId` with `roles` (default: every role the user holds there). The secret (`tsa_…`) is shown ' +
        'once; Keystone’s `application_credential` method turns it into a project-scoped token.',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      stepUp: true,
      request: { params: userPath, body: { schema: createApplicationCredentialSchema } },
      responses: {
        201: { description: 'Created, with the secret', schema: newApplicationCredentialSchema },
        ...problems(400, 401, 403, 404, 409),
      },
      handler: async ({ params, body }, req, res) => {
        const owner = await subject(req, params);
        const ctx = auditContext(req);
        const limits = await credentials.limitsFor(ctx, req.principal!);
        const { credential, secret } = await credentials.create(ctx, owner, body, limits);
        const projects = await credentials.projectsOf([credential]);
        const answer: z.output<typeof newApplicationCredentialSchema> = {
          ...presentApplicationCredential(credential, projects),
          secret,
        };
        res.status(201).json(answer);
      },
    }),

    route({
      method: 'get',
      path: `${BASE}/{credentialId}`,
      tag: TAG,
      summary: 'One application credential',
      auth: 'any',
      scope: { own: 'tokens:read', others: 'admin:read' },
      request: { params: credentialPath },
      responses: {
        200: { description: 'The credential', schema: applicationCredentialSchema },
        ...problems(400, 401, 404),
      },
      handler: async ({ params }, req, res) => {
        const owner = await subject(req, params);
        const c = await credentials.get(owner.id, params.credentialId);
        res.json(presentApplicationCredential(c, await credentials.projectsOf([c])));
      },
    }),

    route({
      method: 'delete',
      path: `${BASE}/{credentialId}`,
      tag: TAG,
      summary: 'Delete an application credential; the Keystone tokens minted from it stop working at once',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      request: { params: credentialPath },
      responses: { 204: { description: 'Deleted' }, ...problems(400, 401, 403, 404) },
      handler: async ({ params }, req, res) => {
        const owner = await subject(req, params);
        await credentials.delete(auditContext(req), owner.id, params.credentialId, limitsOf(req.principal!, undefined));
        res.status(204).end();
      },
    }),
  ];
}
