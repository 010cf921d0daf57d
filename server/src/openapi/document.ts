import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Auth, AnyRoute, ScopeRequirement } from '../http/route.js';
import { SCOPES, type ScopeName } from '../scopes/vocabulary.js';
import type { RouteRegistry } from './registry.js';

type Json = Record<string, unknown>;

/** The API's version as the document states it. */
export const API_VERSION = '1.0.0';

/** The schemes a token is sent with: each lists, as its role names, the scope the operation needs. */
const TOKEN_SCHEMES = ['bearer', 'xAuthToken', 'ssws', 'basic'] as const;
/** What a route without a scope (none, session, optional) accepts. */
const SECURITY: Record<Auth, Record<string, string[]>[]> = {
  none: [],
  any: [{ bearer: [] }, { xAuthToken: [] }, { ssws: [] }, { basic: [] }, { session: [] }],
  'token-only': [{ bearer: [] }, { xAuthToken: [] }, { ssws: [] }, { basic: [] }],
  session: [{ session: [] }],
  optional: [{}, { bearer: [] }, { xAuthToken: [] }, { ssws: [] }, { basic: [] }, { session: [] }],
};

/** The name a requirement array carries for "a credential without a scope list" (not an OAuth 2.0 scope). */
export const FULL_ACCESS = 'full-access';

/**
 * A scoped route's security: per alternative need (one, or own and others), each token scheme with the scope as its
 * role name (OpenAPI 3.1 allows role names for non-OAuth schemes) and the oauth2 scheme with the scope itself; then
 * the session, which holds every scope. An OAuth 2.0 access token is never full access, so a `full-access` need
 * leaves the oauth2 scheme out.
 */
function scopedSecurity(r: AnyRoute, need: ScopeRequirement, oauth2: boolean): Record<string, string[]>[] {
  const needs = typeof need === 'string' ? [need] : [...new Set([need.own, need.others])];
  const out: Record<string, string[]>[] = [];
  for (const n of needs) {
    for (const scheme of TOKEN_SCHEMES) out.push({ [scheme]: [n] });
    if (oauth2 && n !== FULL_ACCESS) out.push({ oauth2: [n] });
  }
  if (r.auth === 'any') out.push({ session: [] });
  return out;
}

const scopeText = (n: ScopeName | 'full-access') =>
  n === FULL_ACCESS
    ? 'a full-access credential (a session, or an auth token made without a scope list; an OAuth 2.0 access token never is)'
    : `\`${n}\``;

/** The sentence that states, in the operation's description, what a credential must hold. */
export function scopeSentence(need: ScopeRequirement): string {
  if (typeof need === 'string') return `**Scope:** ${scopeText(need)}.`;
  return (
    `**Scope:** ${scopeText(need.own)} for your own (\`me\`, your id or username), ` +
    `${scopeText(need.others)} for another user’s.`
  );
}

const TOKEN_URL = '/oauth2/v1/token';

const SCOPE_CHALLENGE = {
  description: 'RFC 6750 §3.1 on a refusal for scope: `Bearer realm="tessera", error="insufficient_scope", scope="…"`',
};

/**
 * A scoped operation's responses with its 403 saying why it may come and with which challenge: a route that
 * declares no 403 of its own gets one in its surface's error format (that of its 401).
 */
function withScopeRefusal(responses: AnyRoute['responses']): AnyRoute['responses'] {
  const declared = responses[403];
  const base = declared ?? {
    ...responses[401],
    description: 'The credential lacks the scope this operation needs (`insufficient_scope`)',
  };
  return { ...responses, 403: { ...base, headers: { ...base.headers, 'WWW-Authenticate': SCOPE_CHALLENGE } } };
}

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
function pathConfig(r: AnyRoute, oauth2: boolean): RouteConfig {
  const { params, query, headers, body } = r.request ?? {};
  // The scope is checked only where a credential is required (route.ts scopeCheck).
  const need = r.auth === 'any' || r.auth === 'token-only' ? r.scope : undefined;
  const responses: RouteConfig['responses'] = {};
  for (const [status, res] of Object.entries(need ? withScopeRefusal(r.responses) : r.responses)) {
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
  const description = [r.description, need && scopeSentence(need)].filter(Boolean).join('\n\n');
  return {
    method: r.method,
    path: r.path,
    operationId: operationId(r),
    tags: [r.tag],
    summary: r.summary,
    ...(description ? { description } : {}),
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
    security: need ? scopedSecurity(r, need, oauth2) : SECURITY[r.auth],
    ...(need ? { 'x-tessera-scope': need } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every registered route; schemas with a `.meta({ id })` become components.schemas. */
export function buildOpenApiDocument(routes: RouteRegistry, info: { version?: string; serverUrl?: string } = {}): Json {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A Tessera token (tsr_…, tsk_…), an OAuth 2.0 access token, or the bootstrap token. The role names an ' +
      'operation lists are the Tessera scopes it needs (`full-access`: a credential without a scope list).',
  });
  // Tessera's scopes, as an OAuth 2.0 client asks for them: fully qualified by the issuer (`<issuer>/tokens:read`).
  // Only where the authorization server is served (TESSERA_FEATURES may leave it out).
  const oauth2 = routes.find('post', TOKEN_URL) !== undefined;
  if (oauth2)
    registry.registerComponent('securitySchemes', 'oauth2', {
      type: 'oauth2',
      description:
        'An access token from the client credentials grant, addressed to Tessera’s own audience: request ' +
        '`scope=<issuer>/<name>` (the issuer is Tessera’s public URL) for each Tessera scope below; scopes of other ' +
        'audiences mean nothing here.',
      flows: {
        clientCredentials: {
          tokenUrl: TOKEN_URL,
          scopes: Object.fromEntries(SCOPES.map((s) => [s.name, s.description])),
        },
      },
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
  for (const r of routes.all()) registry.registerPath(pathConfig(r, oauth2));
  const tags = [...new Set(routes.all().map((r) => r.tag))].map((name) => ({ name }));
  const doc = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Tessera API',
      version: info.version ?? API_VERSION,
      description:
        'Issue, verify and revoke API credentials. Native JSON API under /api (errors are application/problem+json), ' +
        'plus GoodData.CN apiTokens, OpenStack Keystone v3 tokens and OAuth 2.0 where enabled. Each operation a ' +
        'credential calls states the Tessera scope it needs (its `security`, and `x-tessera-scope`: one scope, ' +
        '`{ own, others }` by whose `{userId}` it names, or `full-access`); without it the answer is 403 ' +
        '`insufficient_scope` with an RFC 6750 challenge. Sessions hold every scope.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    tags,
  });
  return doc as unknown as Json;
}
