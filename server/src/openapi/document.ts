import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Auth, AnyRoute } from '../http/route.js';
import type { RouteRegistry } from './registry.js';

type Json = Record<string, unknown>;

/** The API's version as the document states it. */
export const API_VERSION = '1.0.0';

const SECURITY: Record<Auth, Record<string, string[]>[]> = {
  none: [],
  any: [{ bearer: [] }, { xAuthToken: [] }, { ssws: [] }, { basic: [] }, { session: [] }],
  'token-only': [{ bearer: [] }, { xAuthToken: [] }, { ssws: [] }, { basic: [] }],
  session: [{ session: [] }],
  optional: [{}, { bearer: [] }, { xAuthToken: [] }, { ssws: [] }, { basic: [] }, { session: [] }],
};

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content' };

function operationId(r: AnyRoute): string {
  const words = r.path
    .split('/')
    .filter(Boolean)
    .map((w) =>
      w.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()),
    );
  return [r.method, ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}

/** One declared route as zod-to-openapi's path config: the same zod schemas that validate the request. */
function pathConfig(r: AnyRoute): RouteConfig {
  const { params, query, headers, body } = r.request ?? {};
  const responses: RouteConfig['responses'] = {};
  for (const [status, res] of Object.entries(r.responses)) {
    responses[status] = {
      description: res.description || STATUS_TEXT[Number(status)] || 'Response',
      ...(res.schema ? { content: { [res.contentType ?? 'application/json']: { schema: res.schema } } } : {}),
      ...(res.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(res.headers).map(([k, h]) => [
                k,
                { description: h.description, schema: { type: 'string' } },
              ]),
            ),
          }
        : {}),
    };
  }
  return {
    method: r.method,
    path: r.path,
    operationId: operationId(r),
    tags: [r.tag],
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    ...(r.deprecated ? { deprecated: true } : {}),
    request: {
      ...(params ? { params } : {}),
      ...(query ? { query } : {}),
      ...(headers ? { headers } : {}),
      ...(body
        ? {
            body: {
              required: body.required ?? true,
              content: Object.fromEntries(
                (body.contentTypes ?? ['application/json']).map((ct) => [ct, { schema: body.schema }]),
              ),
            },
          }
        : {}),
    },
    security: SECURITY[r.auth],
    responses,
  };
}

/** The OpenAPI 3.1 document of every registered route; schemas with a `.meta({ id })` become components.schemas. */
export function buildOpenApiDocument(routes: RouteRegistry, info: { version?: string; serverUrl?: string } = {}): Json {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A Tessera token (tsr_…, tsk_…) or the bootstrap token',
  });
  registry.registerComponent('securitySchemes', 'xAuthToken', { type: 'apiKey', in: 'header', name: 'X-Auth-Token' });
  // As Okta's own document declares its SSWS scheme: an API key in the Authorization header.
  registry.registerComponent('securitySchemes', 'ssws', {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'Okta’s scheme: `Authorization: SSWS <token>`, the same tokens as bearer',
  });
  registry.registerComponent('securitySchemes', 'basic', {
    type: 'http',
    scheme: 'basic',
    description: 'username:token',
  });
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'tessera.sid',
    description: 'named `__Host-tessera.sid` when served over HTTPS',
  });
  for (const r of routes.all()) registry.registerPath(pathConfig(r));
  const tags = [...new Set(routes.all().map((r) => r.tag))].map((name) => ({ name }));
  const doc = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Tessera API',
      version: info.version ?? API_VERSION,
      description:
        'Issue, verify and revoke API credentials. Native JSON API under /api (errors are application/problem+json), ' +
        'plus GoodData.CN apiTokens, OpenStack Keystone v3 tokens and OAuth 2.0 where enabled.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    tags,
  });
  return doc as unknown as Json;
}
