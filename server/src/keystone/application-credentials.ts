import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import {
  accessRulesInput,
  credentialDescriptionSchema,
  credentialNameSchema,
} from '../application-credentials/schema.js';
import type { ApplicationCredentialService, CreatorLimits } from '../application-credentials/service.js';
import { Forbidden, Invalid, NotFound, Unauthenticated } from '../errors.js';
import { auditContext } from '../http/audit-context.js';
import type { Principal } from '../http/principal.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { route, type AnyRoute } from '../http/route.js';
import { isProjectRole } from '../store/project-types.js';
import type { ApplicationCredential, ProjectRole } from '../store/store.js';
import { resolveSubjectUserId } from '../users/policy.js';
import { keystoneTokenOnly } from './router.js';
import { errors } from './schema.js';

const TAG = 'Keystone v3';
const BASE = '/v3/users/{userId}/application_credentials';

const roleRef = z.looseObject({ id: z.string().max(64).optional(), name: z.string().max(255).optional() });

const createBody = z
  .looseObject({
    application_credential: z.looseObject({
      name: credentialNameSchema,
      description: z.union([credentialDescriptionSchema, z.null()]).optional(),
      secret: z.string().max(256).optional().describe('chosen by the caller: at least 32 characters; better omitted'),
      expires_at: z.union([z.string().max(64), z.null()]).optional(),
      roles: z.array(roleRef).max(10).optional(),
      unrestricted: z.boolean().optional(),
      access_rules: accessRulesInput.optional(),
    }),
  })
  .meta({ id: 'KeystoneCreateApplicationCredential' });

const credentialBody = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  expires_at: z.string().nullable(),
  project_id: z.string(),
  roles: z.array(z.object({ id: z.string(), name: z.string(), domain_id: z.null() })),
  unrestricted: z.boolean(),
  access_rules: z.array(z.object({ id: z.string(), service: z.string(), method: z.string(), path: z.string() })),
  links: z.object({ self: z.string() }),
});
const oneResponse = z.object({ application_credential: credentialBody }).meta({ id: 'KeystoneApplicationCredential' });
const newResponse = z
  .object({ application_credential: credentialBody.extend({ secret: z.string().describe('shown once') }) })
  .meta({ id: 'KeystoneNewApplicationCredential' });
const listResponse = z
  .object({
    application_credentials: z.array(credentialBody),
    links: z.object({ self: z.string(), previous: z.null(), next: z.null() }),
  })
  .meta({ id: 'KeystoneApplicationCredentialList' });

const userPath = z.object({ userId: z.string().min(1).max(64) });
const credentialPath = userPath.extend({ credentialId: z.string().min(1).max(64) });
const NO_CREDENTIAL = 'Could not find application credential.';

/** Keystone writes times with microseconds. */
const keystoneTime = (iso: string | null) => iso && iso.replace(/\.(\d{3})Z$/, '.$1000Z');

/** An `expires_at` as Keystone clients send it: ISO 8601, an offset optional (UTC when absent); null for never. */
function expiryOf(v: string | null | undefined): string | null | undefined {
  if (v === undefined || v === null) return v;
  const withZone = /(?:Z|[+-]\d\d:?\d\d)$/i.test(v) ? v : `${v}Z`;
  const at = Date.parse(withZone);
  if (!/^\d{4}-\d\d-\d\dT/.test(v) || Number.isNaN(at)) throw new Invalid('expires_at is not an ISO 8601 date-time.');
  return new Date(at).toISOString();
}

/** Role references by id or name (the same here: a role's id is its name); an unknown one is Keystone's 404. */
function rolesOf(refs: z.output<typeof roleRef>[] | undefined): ProjectRole[] | undefined {
  if (!refs) return undefined;
  return refs.map((r) => {
    const key = r.id ?? r.name;
    if (key === undefined) throw new Invalid('Name each role by id or name.');
    if (!isProjectRole(key) || (r.id !== undefined && r.name !== undefined && r.id !== r.name))
      throw new NotFound(`Could not find role: ${key.slice(0, 64)}.`);
    return key;
  });
}

/**
 * Keystone's `/v3/users/{userId}/application_credentials` (issue 21, point 3). A credential is created by its user
 * with a project-scoped token, bound to that token's project with no more than its roles; the owner and
 * administrators list, show and delete. Tokens from a restricted credential create and delete none (403).
 */
export function keystoneApplicationCredentialRoutes(deps: {
  credentials: ApplicationCredentialService;
  authenticate: RequestHandler;
  origin: PublicOrigin;
}): AnyRoute[] {
  const { credentials, origin } = deps;
  const tokenOnly = keystoneTokenOnly(deps.authenticate);
  const caller = (req: Request): Principal => {
    if (!req.principal) throw new Unauthenticated();
    return req.principal;
  };
  const present = (req: Request, c: ApplicationCredential) => ({
    id: c.id,
    name: c.name,
    description: c.description === '' ? null : c.description,
    expires_at: keystoneTime(c.expiresAt),
    project_id: c.projectId,
    roles: c.roles.map((r) => ({ id: r, name: r, domain_id: null })),
    unrestricted: c.unrestricted,
    access_rules: c.accessRules.map(({ id, service, method, path }) => ({ id, service, method, path })),
    links: { self: `${origin(req)}/v3/users/${c.userId}/application_credentials/${c.id}` },
  });

  return [
    route({
      method: 'post',
      path: BASE,
      tag: TAG,
      summary: 'Create an application credential for the project of the caller’s token (the secret is shown once)',
      description:
        'The caller is the user, with a project-scoped token: the credential is bound to that project, with the ' +
        'roles named (by id or name; each one the token carries) or all of the token’s. `unrestricted` (default ' +
        'false) lets its tokens manage application credentials.',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      request: { params: userPath, body: { schema: createBody } },
      responses: { 201: { description: 'Created', schema: newResponse }, ...errors(400, 401, 403, 404, 409) },
      before: [tokenOnly],
      handler: async ({ params, body }, req, res) => {
        const p = caller(req);
        if (resolveSubjectUserId(p, params.userId) !== p.user.id)
          throw new Forbidden('Application credentials are created by their own user.');
        if (!p.project)
          throw new Forbidden(
            'Create application credentials with a project-scoped token: the credential is bound to its project.',
          );
        const a = body.application_credential;
        const limits: CreatorLimits = {
          roles: p.project.roles,
          applicationCredential: p.applicationCredential,
          expiresAt: p.applicationCredential?.expiresAt,
          projects: p.projects,
        };
        const owner = await credentials.owner(p.user.id);
        const { credential, secret } = await credentials.create(
          auditContext(req),
          owner,
          {
            name: a.name,
            description: a.description,
            expiresAt: expiryOf(a.expires_at),
            projectId: p.project.id,
            roles: rolesOf(a.roles),
            unrestricted: a.unrestricted,
            accessRules: a.access_rules,
            secret: a.secret,
          },
          limits,
        );
        res.status(201).json({ application_credential: { ...present(req, credential), secret } });
      },
    }),

    route({
      method: 'get',
      path: BASE,
      tag: TAG,
      summary: 'List a user’s application credentials (`?name=` for one name)',
      auth: 'any',
      scope: { own: 'tokens:read', others: 'admin:read' },
      request: { params: userPath, query: z.object({ name: z.string().max(255).optional() }) },
      responses: { 200: { description: 'Credentials', schema: listResponse }, ...errors(400, 401, 404) },
      before: [tokenOnly],
      handler: async ({ params, query }, req, res) => {
        const owner = await credentials.owner(resolveSubjectUserId(caller(req), params.userId));
        const list = await credentials.list(owner.id, query.name !== undefined ? { name: query.name } : {});
        res.json({
          application_credentials: list.map((c) => present(req, c)),
          links: { self: `${origin(req)}/v3/users/${owner.id}/application_credentials`, previous: null, next: null },
        } satisfies z.output<typeof listResponse>);
      },
    }),

    route({
      method: 'get',
      path: `${BASE}/{credentialId}`,
      tag: TAG,
      summary: 'Show an application credential',
      auth: 'any',
      scope: { own: 'tokens:read', others: 'admin:read' },
      request: { params: credentialPath },
      responses: { 200: { description: 'The credential', schema: oneResponse }, ...errors(400, 401, 404) },
      before: [tokenOnly],
      handler: async ({ params }, req, res) => {
        const userId = resolveSubjectUserId(caller(req), params.userId);
        const c = await credentials.get(userId, params.credentialId).catch(() => {
          throw new NotFound(NO_CREDENTIAL);
        });
        res.json({ application_credential: present(req, c) } satisfies z.output<typeof oneResponse>);
      },
    }),

    route({
      method: 'delete',
      path: `${BASE}/{credentialId}`,
      tag: TAG,
      summary: 'Delete an application credential; tokens minted from it stop working at once',
      auth: 'any',
      scope: { own: 'tokens:write', others: 'admin:write' },
      request: { params: credentialPath },
      responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404) },
      before: [tokenOnly],
      handler: async ({ params }, req, res) => {
        const p = caller(req);
        const userId = resolveSubjectUserId(p, params.userId);
        await credentials.delete(auditContext(req), userId, params.credentialId, {
          applicationCredential: p.applicationCredential,
        });
        res.status(204).end();
      },
    }),
  ];
}
