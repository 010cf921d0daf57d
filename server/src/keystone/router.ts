import express, { Router, type Request, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { auditContext } from '../http/audit-context.js';
import { hasTokenHeader } from '../http/credentials.js';
import { DomainError, NotFound, Unauthenticated, noRouteDetail } from '../http/errors.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { mountRoutes, route, type AnyRoute } from '../http/route.js';
import type { SignInThrottle } from '../session/sign-in-throttle.js';
import type { ProjectService } from '../projects/service.js';
import type { UserService } from '../users/service.js';
import { keystoneErrors } from './errors.js';
import { keystoneProjectRoutes } from './projects-router.js';
import { ProjectScopeRefused } from './scope.js';
import { errors, keystoneAuthRequest, keystoneTokenResponse, keystoneVersionResponse } from './schema.js';
import { API_TOKENS_OFF, type KeystoneService } from './service.js';
import { presentToken } from './token-presenter.js';

// OpenStack's own docs tell clients to send `charset=utf8`, which body-parser refuses as an unknown charset.
const normaliseCharset: RequestHandler = (req, _res, next) => {
  const ct = req.headers['content-type'];
  if (ct) req.headers['content-type'] = ct.replace(/charset\s*=\s*"?utf8"?/i, 'charset=utf-8');
  next();
};

/** Reads the user a password request names, as the sign-in throttle keys it: by username. */
async function passwordUsername(keystone: KeystoneService, body: unknown): Promise<string | undefined> {
  const b = body as {
    auth?: { identity?: { methods?: unknown; password?: { user?: { id?: unknown; name?: unknown } } } };
  };
  const methods = b?.auth?.identity?.methods;
  if (!Array.isArray(methods) || !methods.includes('password')) return undefined;
  const user = b.auth?.identity?.password?.user;
  if (typeof user?.name === 'string') return user.name;
  if (typeof user?.id === 'string' && user.id.length <= 64) return (await keystone.usernameOf(user.id)) ?? user.id;
  return '';
}

/** Password requests share the console's sign-in throttle (per IP and per username), so lockouts and unlocks apply to both. */
function sharedThrottle(throttle: SignInThrottle, keystone: KeystoneService): RequestHandler {
  return (req, res, next) => {
    passwordUsername(keystone, req.body).then((username) => {
      if (username === undefined) return next();
      // The limiter reads `body.username`; a view of the request with that body keys it like a console sign-in.
      const shim = Object.create(req, { body: { value: { username } } }) as Request;
      throttle.perIp(shim, res, (err?: unknown) => (err ? next(err) : throttle.perUsername(shim, res, next)));
    }, next);
  };
}

/**
 * Keystone is a token API: its callers send X-Auth-Token. The console's session cookie is not read here at all, so
 * a cross-site page can't validate or revoke (DELETE) a Keystone token riding on a signed-in administrator's cookie.
 */
export function keystoneTokenOnly(authenticate: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (!hasTokenHeader(req)) {
      return next(
        new Unauthenticated('Keystone calls authenticate with X-Auth-Token; the console session is not accepted here.'),
      );
    }
    authenticate(req, res, next);
  };
}

export const KEYSTONE_VERSION = 'v3.14';

const TAG = 'Keystone v3';
type KeystoneToken = z.output<typeof keystoneTokenResponse>;
const subjectHeader = z.object({ 'X-Subject-Token': z.string().describe('the token to validate or revoke') });
const tokenHeader = { 'X-Subject-Token': { description: 'the token (tsk_…)' } };

interface KeystoneDeps {
  keystone: KeystoneService;
  projects: ProjectService;
  users: Pick<UserService, 'find'>;
  throttle: SignInThrottle;
  /** The shared credentials middleware; POST is deliberately not behind it (no cookies there). */
  authenticate: RequestHandler;
  logger: Logger;
  origin: PublicOrigin;
}

/** `/v3`: the Keystone v3 token API as Open Telekom Cloud documents it, and its projects, roles and assignments. */
export function keystoneRoutes(deps: Omit<KeystoneDeps, 'logger'>): AnyRoute[] {
  const { keystone, projects, users, throttle, authenticate, origin } = deps;

  const tokenOnly = keystoneTokenOnly(authenticate);

  const subject = async (req: Request) => {
    if (!req.principal) throw new Unauthenticated();
    const t = await keystone.subjectFor(req.principal, req.get('x-subject-token'));
    return t;
  };

  return [
    route({
      method: 'get',
      path: '/v3',
      tag: TAG,
      summary: 'Identity API version (discovery)',
      auth: 'none',
      responses: { 200: { description: 'Version', schema: keystoneVersionResponse } },
      handler: (_input, req, res) => {
        res.json({
          version: {
            id: KEYSTONE_VERSION,
            status: 'stable',
            updated: '2026-11-22T00:00:00Z',
            links: [{ rel: 'self', href: `${origin(req)}/v3/` }],
            'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
          },
        } satisfies z.output<typeof keystoneVersionResponse>);
      },
    }),

    route({
      method: 'post',
      path: '/v3/auth/tokens',
      tag: TAG,
      summary: 'Issue a token by password (user by name + domain, or by id) or from a valid token',
      description:
        'The token is in the X-Subject-Token header. Scope: none, the domain, or a project by id or by name with its ' +
        'domain; a project that is unknown, disabled or where the user holds no role is refused with 401 alike. ' +
        'A project-scoped token carries the project and the roles the user holds there. The token method re-scopes ' +
        'a valid token. A user whose API tokens are turned off gets 403. Not cookie-authenticated.',
      auth: 'none',
      request: { body: { schema: keystoneAuthRequest } },
      responses: {
        201: { description: 'Issued', schema: keystoneTokenResponse, headers: tokenHeader },
        ...errors(400, 401, 403, 429, 503),
      },
      before: [sharedThrottle(throttle, keystone)],
      handler: async ({ body: input }, req, res) => {
        const { token, body } = await keystone.issue(auditContext(req), input).catch((err: unknown) => {
          // A right password for a user whose API tokens are off is no guess: it must not lock its owner out (F-11).
          // Nor is a right password whose user must add the totp method (H3): only a wrong passcode counts.
          // Nor is a right password refused a project scope: the scope was wrong, not the password.
          if (
            err instanceof ProjectScopeRefused ||
            (err instanceof DomainError && (err.code === API_TOKENS_OFF || err.code === 'mfa_required'))
          )
            throttle.notAFailure(req);
          throw err;
        });
        res.status(201).setHeader('X-Subject-Token', token);
        res.json(body satisfies KeystoneToken);
      },
    }),

    // HEAD first: otherwise the GET route would answer it.
    route({
      method: 'head',
      path: '/v3/auth/tokens',
      tag: TAG,
      summary: 'Check X-Subject-Token without a body',
      auth: 'any',
      scope: 'tokens:read',
      request: { headers: subjectHeader },
      responses: {
        200: { description: 'Valid' },
        401: { description: 'No valid credential' },
        404: { description: 'Expired or revoked' },
      },
      before: [tokenOnly],
      handler: async (_input, req, res) => {
        await subject(req);
        res.status(200).end();
      },
    }),

    route({
      method: 'get',
      path: '/v3/auth/tokens',
      tag: TAG,
      summary: 'Validate X-Subject-Token (the caller authenticates with X-Auth-Token)',
      auth: 'any',
      scope: 'tokens:read',
      request: { headers: subjectHeader },
      responses: {
        200: { description: 'Valid', schema: keystoneTokenResponse, headers: tokenHeader },
        ...errors(400, 401, 404),
      },
      before: [tokenOnly],
      handler: async (_input, req, res) => {
        const t = await subject(req);
        res.setHeader('X-Subject-Token', req.get('x-subject-token')!);
        res.json(presentToken(keystone.domain, t, t.user, [t.auditId], t.project) satisfies KeystoneToken);
      },
    }),

    route({
      method: 'delete',
      path: '/v3/auth/tokens',
      tag: TAG,
      summary: 'Revoke X-Subject-Token at once',
      auth: 'any',
      scope: 'tokens:write',
      request: { headers: subjectHeader },
      responses: { 204: { description: 'Revoked' }, ...errors(400, 401, 404) },
      before: [tokenOnly],
      handler: async (_input, req, res) => {
        await keystone.revoke(auditContext(req), await subject(req));
        res.status(204).end();
      },
    }),

    ...keystoneProjectRoutes({ projects, users, origin, domain: () => keystone.domain, tokenOnly }),
  ];
}

/** The `/v3` router: Keystone's charset quirk, its JSON body, its routes, and its own error format. */
export function keystoneRouter(routes: readonly AnyRoute[], logger: Logger): Router {
  const r = Router();
  r.use(normaliseCharset);
  r.use(
    express.json({ limit: '16kb', strict: true, type: ['application/json', 'application/*+json'] }) as RequestHandler,
  );
  mountRoutes(r, routes, '/v3');
  r.use((req) => {
    throw new NotFound(noRouteDetail(req.method, `/v3${req.path}`));
  });
  r.use(keystoneErrors(logger));
  return r;
}
