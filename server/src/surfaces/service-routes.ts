import { z } from 'zod';
import { features, type Config } from '../config.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { buildOpenApiDocument } from '../openapi/document.js';
import type { RouteRegistry } from '../openapi/registry.js';
import type { Store } from '../store/store.js';

const TAG = 'Service';

export const signInOptionsSchema = z
  .strictObject({
    password: z
      .boolean()
      .describe(
        'the Username and Password form is offered (TESSERA_LOCAL_SIGN_IN; the `admin` account may always use it)',
      ),
    oidc: z
      .strictObject({
        name: z.string().describe('the button says “Sign in with <name>”'),
        startUrl: z.string().describe('where the button goes; add `returnTo=<console path>`'),
      })
      .nullable()
      .describe('OpenID Connect sign-in, when configured'),
  })
  .meta({ id: 'SignInOptions' });

export const featuresSchema = z
  .strictObject({ features: z.array(z.enum(features)), signIn: signInOptionsSchema })
  .meta({ id: 'Features' });

/** The ways of signing in the sign-in page offers. */
export function signInOptions(config: Pick<Config, 'localSignIn' | 'oidc'>): z.output<typeof signInOptionsSchema> {
  return {
    password: config.localSignIn,
    oidc: config.oidc ? { name: config.oidc.name, startUrl: '/api/session/oidc/start' } : null,
  };
}

/**
 * How long /api/ready waits for every dependency at once: an orchestrator's probe gives up after a second by default,
 * and a dependency that hangs must not hold the probe past it — it is then not ready, whatever its own timeouts are.
 */
const READY_WITHIN_MS = 1000;

/** Whether every check succeeded within `ms` (a check still running is left to its own timeout). */
function allWithin(checks: Promise<unknown>[], ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = Promise.all(checks).then(
    () => true,
    () => false,
  );
  return Promise.race([done, late]).finally(() => clearTimeout(timer));
}

/** Health, readiness, features and this document: open to anyone, no credential read, no body parsed. */
export function serviceRoutes(deps: {
  config: Config;
  store: Store;
  readinessChecks?: (() => Promise<void>)[] | undefined;
  /** Read when the document is first asked for: by then every surface has registered its routes. */
  routes: RouteRegistry;
}): AnyRoute[] {
  const { config, store } = deps;
  let doc: string | undefined;
  return [
    route({
      method: 'get',
      path: '/api/health',
      tag: TAG,
      summary: 'Liveness',
      auth: 'none',
      responses: { 200: { description: 'Up', schema: z.strictObject({ status: z.literal('ok') }) } },
      handler: (_input, _req, res) => {
        res.json({ status: 'ok' });
      },
    }),
    route({
      method: 'get',
      path: '/api/ready',
      tag: TAG,
      summary: 'Readiness (database and other dependencies reachable)',
      auth: 'none',
      responses: {
        200: { description: 'Ready', schema: z.strictObject({ status: z.literal('ready') }) },
        ...problems(503),
      },
      handler: async (_input, _req, res) => {
        const checks = [store.ping(), ...(deps.readinessChecks ?? []).map((check) => check())];
        if (await allWithin(checks, READY_WITHIN_MS)) res.json({ status: 'ready' });
        else {
          res.status(503).type('application/problem+json').json({
            type: 'https://tessera.dev/problems/not_ready',
            title: 'Not ready',
            status: 503,
            code: 'not_ready',
            detail: 'A dependency is unreachable or did not answer within a second.',
          });
        }
      },
    }),
    route({
      method: 'get',
      path: '/api/features',
      tag: TAG,
      summary: 'Which optional features this deployment has',
      auth: 'none',
      responses: { 200: { description: 'Enabled features', schema: featuresSchema } },
      handler: (_input, _req, res) => {
        res.json({
          features: features.filter((f) => !config.disabledFeatures.includes(f)),
          signIn: signInOptions(config),
        } satisfies z.output<typeof featuresSchema>);
      },
    }),
    route({
      method: 'get',
      path: '/api/openapi.json',
      tag: TAG,
      summary: 'This OpenAPI document',
      auth: 'none',
      responses: { 200: { description: 'OpenAPI 3.1 document', schema: z.looseObject({ openapi: z.string() }) } },
      handler: (_input, _req, res) => {
        const serverUrl = config.publicUrl;
        doc ??= JSON.stringify(buildOpenApiDocument(deps.routes, serverUrl ? { serverUrl } : {}));
        res.type('application/json').send(doc);
      },
    }),
  ];
}
