import { z } from 'zod';
import type { Auth, RouteRegistry, RouteSpec } from './registry.js';

type Json = Record<string, unknown>;

// Request schemas describe what is accepted (input), response schemas what is sent (output).
const inputSchema = (s: z.ZodType) =>
  z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
const outputSchema = (s: z.ZodType) =>
  z.toJSONSchema(s, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' });

function strip(schema: Json): Json {
  const { $schema: _omit, ...rest } = schema;
  return rest;
}

function parameters(spec: RouteSpec): Json[] {
  const out: Json[] = [];
  const add = (where: 'path' | 'query' | 'header', obj: z.ZodObject | undefined) => {
    if (!obj) return;
    const js = inputSchema(obj) as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(js.properties ?? {})) {
      const { description, ...rest } = schema;
      out.push({
        name,
        in: where,
        required: where === 'path' || (js.required ?? []).includes(name),
        schema: rest,
        ...(typeof description === 'string' ? { description } : {}),
      });
    }
  };
  add('path', spec.params);
  add('query', spec.query);
  add('header', spec.headers);
  // Every `{name}` in the path must be declared; an undeclared one is a plain string.
  for (const [, name] of spec.path.matchAll(/\{([^}]+)\}/g)) {
    if (!out.some((p) => p.in === 'path' && p.name === name))
      out.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  return out;
}

const SECURITY: Record<Auth, Json[] | undefined> = {
  none: [],
  any: [{ bearer: [] }, { xAuthToken: [] }, { basic: [] }, { session: [] }],
  'token-only': [{ bearer: [] }, { xAuthToken: [] }, { basic: [] }],
  optional: [{}, { bearer: [] }, { xAuthToken: [] }, { basic: [] }, { session: [] }],
};

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No Content' };

function operation(spec: RouteSpec): Json {
  const responses: Json = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    responses[status] = {
      description: r.description || STATUS_TEXT[Number(status)] || 'Response',
      ...(r.schema
        ? { content: { [r.contentType ?? 'application/json']: { schema: strip(outputSchema(r.schema)) } } }
        : {}),
      ...(r.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(r.headers).map(([k, h]) => [
                k,
                { description: h.description, schema: h.schema ? strip(outputSchema(h.schema)) : { type: 'string' } },
              ]),
            ),
          }
        : {}),
    };
  }
  const params = parameters(spec);
  return {
    operationId: operationId(spec),
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.deprecated ? { deprecated: true } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(spec.body
      ? {
          requestBody: {
            required: spec.body.required ?? true,
            content: Object.fromEntries(
              (spec.body.contentTypes ?? ['application/json']).map((ct) => [
                ct,
                { schema: strip(inputSchema(spec.body!.schema)) },
              ]),
            ),
          },
        }
      : {}),
    security: SECURITY[spec.auth],
    responses,
  };
}

function operationId(spec: RouteSpec): string {
  const words = spec.path
    .split('/')
    .filter(Boolean)
    .map((w) =>
      w.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()),
    );
  return [spec.method, ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}

/** The OpenAPI 3.1 document of every registered route, built from the same zod schemas that validate requests. */
export function buildOpenApiDocument(registry: RouteRegistry, info: { version: string; serverUrl?: string }): Json {
  const paths: Record<string, Json> = {};
  for (const spec of registry.all()) (paths[spec.path] ??= {})[spec.method] = operation(spec);
  const tags = [...new Set(registry.all().map((s) => s.tag))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tessera API',
      version: info.version,
      description:
        'Issue, verify and revoke API credentials. Native JSON API under /api (errors are application/problem+json), ' +
        'plus GoodData.CN apiTokens, OpenStack Keystone v3 tokens and OAuth 2.0 where enabled.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    tags,
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A Tessera token (tsr_…, tsk_…) or the bootstrap token',
        },
        xAuthToken: { type: 'apiKey', in: 'header', name: 'X-Auth-Token' },
        basic: { type: 'http', scheme: 'basic', description: 'username:token' },
        session: { type: 'apiKey', in: 'cookie', name: 'tessera.sid' },
      },
    },
  };
}
