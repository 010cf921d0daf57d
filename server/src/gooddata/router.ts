import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { AuditService } from '../audit/service.js';
import type { AuthTokenService } from '../auth-tokens/service.js';
import { classifyError, coarseRequestError, errorOrigin, logUnhandled } from '../http/error-classifier.js';
import { NotFound, Unauthenticated } from '../http/errors.js';
import { parse } from '../http/validate.js';
import type { AuthToken, Store, User } from '../store/store.js';
import { GOODDATA_MEDIA_TYPE, apiTokenInDocument, gooddataId, gooddataUserParam } from './schema.js';

/** Where GoodData.CN serves API tokens: today's `/api/v1/entities/…` and the 1.x `/api/entities/…` its browser snippet uses. */
export const GOODDATA_API_TOKEN_PATHS = ['/v1/entities/users/:userId/apiTokens', '/entities/users/:userId/apiTokens'];

const send = (res: Response, status: number, doc: unknown) => {
  res.status(status).type(GOODDATA_MEDIA_TYPE).send(JSON.stringify(doc));
};

// Console-made tokens have no GoodData id; their Tessera id stands in, so every token is reachable here too.
const gooddataIdOf = (t: AuthToken) => t.name ?? t.id;

/** GoodData.CN `apiTokens` over Tessera's auth tokens: the same tokens the console lists. */
export function gooddataApiTokensRouter(deps: {
  tokens: AuthTokenService;
  audit: AuditService;
  store: Store;
  /** The console's public origin; links fall back to the request's own host when it is not configured. */
  publicUrl?: string | undefined;
}): Router {
  const { tokens, audit, store, publicUrl } = deps;
  const r = Router({ mergeParams: true });

  /** The owner named by `{userId}` (id, username or `me`): the caller themself or, for administrators, anyone. */
  async function owner(req: Request): Promise<User> {
    const p = req.principal;
    if (!p) throw new Unauthenticated();
    const param = parse(gooddataUserParam, (req.params as { userId?: string }).userId, 'userId');
    let user: User | undefined;
    if (param === 'me') user = await store.getUser(p.user.id);
    else {
      user = await store.getUser(param);
      if (!user) {
        const byName = await store.getUserWithSecretByUsername(param.toLowerCase());
        if (byName) {
          const { passwordHash: _omit, ...rest } = byName;
          user = rest;
        }
      }
    }
    if (!user || (p.user.role !== 'admin' && user.id !== p.user.id)) throw new NotFound('No such user.');
    return user;
  }

  async function byGooddataId(ownerId: string, id: string): Promise<AuthToken> {
    const t = (await store.getAuthTokenByName(ownerId, id)) ?? (await store.getAuthToken(ownerId, id));
    if (!t) throw new NotFound(`No API token "${id}".`);
    return t;
  }

  const self = (req: Request, id?: string) =>
    `${publicUrl ?? `${req.protocol}://${req.get('host')}`}${req.baseUrl}${id === undefined ? '' : `/${encodeURIComponent(id)}`}`;

  r.post('/', async (req, res) => {
    const user = await owner(req);
    const { data } = parse(apiTokenInDocument, req.body);
    const { secret, audited } = await tokens.create(
      user,
      req.principal!.user.id,
      { description: data.id, name: data.id },
      (t) =>
        audit.event(req, {
          action: 'auth_token.create',
          targetUserId: user.id,
          tokenId: t.id,
          details: { description: t.description, expiresAt: t.expiresAt, api: 'gooddata' },
        }),
    );
    if (audited) audit.logged(audited);
    res.location(self(req, data.id));
    send(res, 201, {
      data: { id: data.id, type: 'apiToken', attributes: { bearerToken: secret } },
      links: { self: self(req, data.id) },
    });
  });

  r.get('/', async (req, res) => {
    const user = await owner(req);
    const list = await tokens.list(user.id);
    send(res, 200, {
      data: list.map((t) => ({
        id: gooddataIdOf(t),
        type: 'apiToken',
        attributes: {},
        links: { self: self(req, gooddataIdOf(t)) },
      })),
      links: { self: self(req) },
    });
  });

  r.get('/:id', async (req, res) => {
    const user = await owner(req);
    const t = await byGooddataId(user.id, parse(gooddataId, req.params.id, 'id'));
    send(res, 200, {
      data: { id: gooddataIdOf(t), type: 'apiToken', attributes: {} },
      links: { self: self(req, gooddataIdOf(t)) },
    });
  });

  r.delete('/:id', async (req, res) => {
    const user = await owner(req);
    const t = await byGooddataId(user.id, parse(gooddataId, req.params.id, 'id'));
    await tokens.delete(user.id, t.id);
    await audit.record(req, {
      action: 'auth_token.delete',
      targetUserId: user.id,
      tokenId: t.id,
      details: { api: 'gooddata' },
    });
    res.status(204).end();
  });

  return r;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** JSON:API error documents for everything under the GoodData paths, including credential failures before the router. */
export function gooddataErrors(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    let c = classifyError(err);
    const origin = errorOrigin(c);
    if (origin === 'domain') for (const k in c.headers) res.setHeader(k, c.headers[k]!);
    else if (origin === 'request') c = coarseRequestError(c);
    else logUnhandled(logger, err, req);
    const { status, code, message: detail } = c;
    send(res, status, { errors: [{ status: String(status), code, title: TITLES[status] ?? 'Error', detail }] });
  };
}
