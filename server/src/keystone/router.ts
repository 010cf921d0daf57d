import express, { Router, type Request, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { auditContext } from '../http/audit-context.js';
import { requireAuth } from '../http/credentials.js';
import { NotFound, Unauthenticated } from '../http/errors.js';
import { parse } from '../http/validate.js';
import type { SignInThrottle } from '../session/router.js';
import { keystoneErrors } from './errors.js';
import { keystoneAuthRequest } from './schema.js';
import type { KeystoneService } from './service.js';

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

export const KEYSTONE_VERSION = 'v3.14';

/** `/v3`: the Keystone v3 token API as Open Telekom Cloud documents it. */
export function keystoneRouter(deps: {
  keystone: KeystoneService;
  throttle: SignInThrottle;
  /** The shared credentials middleware; POST is deliberately not behind it (no cookies there). */
  authenticate: RequestHandler;
  logger: Logger;
  publicUrl?: string | undefined;
}): Router {
  const { keystone, throttle, authenticate, logger, publicUrl } = deps;
  const r = Router();
  r.use(normaliseCharset);
  r.use(
    express.json({ limit: '16kb', strict: true, type: ['application/json', 'application/*+json'] }) as RequestHandler,
  );

  r.get('/', (req, res) => {
    res.json({
      version: {
        id: KEYSTONE_VERSION,
        status: 'stable',
        updated: '2026-11-22T00:00:00Z',
        links: [{ rel: 'self', href: `${publicUrl ?? `${req.protocol}://${req.get('host')}`}/v3/` }],
        'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
      },
    });
  });

  r.post('/auth/tokens', sharedThrottle(throttle, keystone), async (req, res) => {
    const input = parse(keystoneAuthRequest, req.body);
    const { token, body } = await keystone.issue(auditContext(req), input);
    res.status(201).setHeader('X-Subject-Token', token);
    res.json(body);
  });

  const subject = async (req: Request) => {
    if (!req.principal) throw new Unauthenticated();
    const t = await keystone.subjectFor(req.principal, req.get('x-subject-token'));
    return t;
  };

  // HEAD first: otherwise the GET route would answer it.
  r.head('/auth/tokens', authenticate, requireAuth, async (req, res) => {
    await subject(req);
    res.status(200).end();
  });

  r.get('/auth/tokens', authenticate, requireAuth, async (req, res) => {
    const t = await subject(req);
    res.setHeader('X-Subject-Token', req.get('x-subject-token')!);
    res.json(keystone.present(t, t.user));
  });

  r.delete('/auth/tokens', authenticate, requireAuth, async (req, res) => {
    await keystone.revoke(auditContext(req), await subject(req));
    res.status(204).end();
  });

  r.use((req) => {
    throw new NotFound(`No route for ${req.method} /v3${req.path}.`);
  });
  r.use(keystoneErrors(logger));
  return r;
}
