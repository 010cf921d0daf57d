import type { Express, Request } from 'express';
import { NotFound } from '../errors.js';
import type { Logger } from 'pino';
import type { AuthTokenService } from '../auth-tokens/service.js';
import { GOODDATA_API_TOKEN_BASES, gooddataApiTokenRoutes, gooddataErrors } from '../gooddata/router.js';
import { noRouteDetail } from '../http/errors.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { expressPath, surfaceRouter } from '../http/route.js';
import type { RouteRegistry } from '../openapi/registry.js';
import type { UserService } from '../users/service.js';

/** GoodData.CN apiTokens at today's and the 1.x paths; every error there, credential failures too, is JSON:API. */
export function mountGooddataApi(
  app: Express,
  deps: {
    tokens: AuthTokenService;
    users: UserService;
    origin: PublicOrigin;
    logger: Logger;
    routes: RouteRegistry;
  },
): void {
  const paths = GOODDATA_API_TOKEN_BASES.map((b) => expressPath(b.prefix));
  for (const base of GOODDATA_API_TOKEN_BASES) {
    const list = gooddataApiTokenRoutes({ ...deps, base });
    app.use(expressPath(base.prefix), surfaceRouter(list, base.prefix));
    deps.routes.add(...list);
  }
  // An unknown path or method under them is a 404 in the surface's own format (JSON:API), like its other errors.
  app.use(
    paths,
    (req: Request) => {
      throw new NotFound(noRouteDetail(req.method, req.originalUrl.split('?')[0]!));
    },
    gooddataErrors(deps.logger),
  );
}
