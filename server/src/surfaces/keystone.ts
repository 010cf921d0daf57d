import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { PublicOrigin } from '../http/public-origin.js';
import { apiHeaders } from '../http/security-headers.js';
import type { ApplicationCredentialService } from '../application-credentials/service.js';
import { keystoneApplicationCredentialRoutes } from '../keystone/application-credentials.js';
import { keystoneRouter, keystoneRoutes } from '../keystone/router.js';
import type { KeystoneService } from '../keystone/service.js';
import type { RouteRegistry } from '../openapi/registry.js';
import type { ProjectService } from '../projects/service.js';
import type { UserService } from '../users/service.js';
import type { SignInThrottle } from '../session/sign-in-throttle.js';

/** OpenStack Keystone v3 tokens, projects and role assignments at /v3, outside /api: its own body parser, credentials step and error format. */
export function mountKeystoneApi(
  app: Express,
  deps: {
    keystone: KeystoneService;
    projects: ProjectService;
    users: Pick<UserService, 'find'>;
    throttle: SignInThrottle;
    authenticate: RequestHandler;
    logger: Logger;
    origin: PublicOrigin;
    routes: RouteRegistry;
    /** Issue 21, point 3: `/v3/users/{userId}/application_credentials`. */
    applicationCredentials?: ApplicationCredentialService | undefined;
  },
): void {
  const list = keystoneRoutes(deps);
  if (deps.applicationCredentials)
    list.push(...keystoneApplicationCredentialRoutes({ ...deps, credentials: deps.applicationCredentials }));
  app.use('/v3', apiHeaders, keystoneRouter(list, deps.logger));
  deps.routes.add(...list);
}
