import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import type { DocumentedOperation, JsonSchema, OpenApiDocument } from './types';

export const openApiKeys = { document: () => ['openapi'] as const };

export const getOpenApi = (signal?: AbortSignal) =>
  apiRequest<OpenApiDocument>('/api/openapi.json', { signal }).then(resolveRefs);

const SCHEMA_REF = '#/components/schemas/';

/** The document with every `$ref` to a named schema replaced by that schema (a cycle keeps its `$ref`). */
export function resolveRefs(doc: OpenApiDocument): OpenApiDocument {
  const named = doc.components?.schemas ?? {};
  const walk = (value: unknown, open: string[]): unknown => {
    if (Array.isArray(value)) return value.map((v) => walk(v, open));
    if (!value || typeof value !== 'object') return value;
    const ref = (value as JsonSchema).$ref;
    if (typeof ref === 'string' && ref.startsWith(SCHEMA_REF)) {
      const name = ref.slice(SCHEMA_REF.length);
      const target = named[name];
      return target && !open.includes(name) ? walk(target, [...open, name]) : value;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, open)]));
  };
  return { ...doc, paths: walk(doc.paths, []) as OpenApiDocument['paths'] };
}

// The document changes only with a new server version: fetch it once per page load.
export const openApiQueryOptions = () =>
  queryOptions({ queryKey: openApiKeys.document(), queryFn: ({ signal }) => getOpenApi(signal), staleTime: Infinity });

export const useOpenApi = () => useQuery(openApiQueryOptions());

const METHOD_ORDER = ['get', 'head', 'post', 'put', 'patch', 'delete'];

/** Operations grouped by their first tag, in the document's tag order, each group in path then method order. */
export function groupByTag(doc: OpenApiDocument): { tag: string; operations: DocumentedOperation[] }[] {
  const groups = new Map<string, DocumentedOperation[]>((doc.tags ?? []).map((t) => [t.name, []]));
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!METHOD_ORDER.includes(method)) continue;
      const tag = op.tags?.[0] ?? 'Other';
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push({ ...op, method, path });
    }
  }
  return [...groups]
    .filter(([, operations]) => operations.length > 0)
    .map(([tag, operations]) => ({
      tag,
      operations: operations.sort(
        (a, b) => a.path.localeCompare(b.path) || METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method),
      ),
    }));
}
