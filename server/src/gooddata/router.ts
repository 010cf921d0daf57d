import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { AuthToken, AuthTokenService } from '../auth-tokens/service.js';
import { auditContext } from '../http/audit-context.js';
import { AppError, NotFound, Unauthenticated } from '../http/errors.js';
import { parse } from '../http/validate.js';
import type { User, UserService } from '../users/service.js';
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
  users: UserService;
  /** The console's public origin; links fall back to the request's own host when it is not configured. */
  publicUrl?: string | undefined;
}): Router {
  const { tokens, users, publicUrl } = deps;
  const r = Router({ mergeParams: true });

  /** The owner named by `{userId}` (id, username or `me`): the caller themself or, for administrators, anyone. */
  async function owner(req: Request): Promise<User> {
    const p = req.principal;
    if (!p) throw new Unauthenticated();
    const param = parse(gooddataUserParam, (req.params as { userId?: string }).userId, 'userId');
    const user = param === 'me' ? await users.find(p.user.id) : await users.getByIdOrUsername(param);
    if (!user || (p.user.role !== 'admin' && user.id !== p.user.id)) throw new NotFound('No such user.');
    return user;
  }

  const byGooddataId = (ownerId: string, id: string): Promise<AuthToken> => tokens.getByNameOrId(ownerId, id);

  const self = (req: Request, id?: string) =>
    `${publicUrl ?? `${req.protocol}://${req.get('host')}`}${req.baseUrl}${id === undefined ? '' : `/${encodeURIComponent(id)}`}`;

  r.post('/', async (req, res) => {
    const user = await owner(req);
    const { data } = parse(apiTokenInDocument, req.body);
    const { secret } = await tokens.create(
      auditContext(req),
      user,
      { description: data.id, name: data.id },
      { api: 'gooddata' },
    );
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
    await tokens.delete(auditContext(req), user.id, t.id, { api: 'gooddata' });
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
    let status = 500;
    let code = 'internal_error';
    let detail = 'Something went wrong on our side. It has been logged.';
    if (err instanceof AppError) {
      ({ status, code } = err);
      detail = err.message;
      for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
    } else {
      const e = err as { status?: number; statusCode?: number; type?: string };
      const s = e.status ?? e.statusCode;
      if (typeof s === 'number' && s >= 400 && s < 500) {
        status = s;
        code = e.type === 'entity.parse.failed' ? 'malformed_body' : 'bad_request';
        detail =
          e.type === 'entity.parse.failed'
            ? 'The request body is not valid JSON.'
            : 'The request could not be processed.';
      } else {
        logger.error(
          { err: { message: (err as Error)?.message, stack: (err as Error)?.stack }, reqId: req.id },
          'unhandled error',
        );
      }
    }
    send(res, status, { errors: [{ status: String(status), code, title: TITLES[status] ?? 'Error', detail }] });
  };
}
