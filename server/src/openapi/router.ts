import type { RequestHandler } from 'express';
import { buildOpenApiDocument } from './document.js';
import type { RouteRegistry } from './registry.js';

/** `GET /api/openapi.json`, built on first request: by then the app has registered every route. */
export function openApiHandler(registry: RouteRegistry, version: string, serverUrl?: string): RequestHandler {
  let doc: string | undefined;
  return (_req, res) => {
    doc ??= JSON.stringify(buildOpenApiDocument(registry, { version, ...(serverUrl ? { serverUrl } : {}) }));
    res.type('application/json').send(doc);
  };
}
