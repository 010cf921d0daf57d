import { exampleFor, requestExample } from './examples';
import type { DocumentedOperation, Parameter } from './types';

/** Single-quoted for a POSIX shell: nothing inside is expanded. */
export const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

// Headers that carry the caller's own token take the environment variable; the shell expands it in double quotes.
const TOKEN_HEADERS = new Set(['x-auth-token']);

// A parameter's value when the document states one (or `me` for a user), else a placeholder to fill in.
const paramValue = (p: Parameter): string => {
  if (p.name === 'userId') return 'me';
  const s = p.schema;
  const declared = s && (s.example !== undefined || s.const !== undefined || s.enum?.length || s.default !== undefined);
  return declared ? String(exampleFor(s)) : `<${p.name}>`;
};

function authHeader(op: DocumentedOperation): string | undefined {
  const schemes = new Set((op.security ?? []).flatMap((r) => Object.keys(r)));
  if (schemes.has('bearer')) return '"Authorization: Bearer $TESSERA_TOKEN"';
  if (schemes.has('xAuthToken')) return '"X-Auth-Token: $TESSERA_TOKEN"';
  if (schemes.has('basic')) return '--user "$TESSERA_USERNAME:$TESSERA_TOKEN"';
  return undefined;
}

/**
 * A curl command for an operation, ready to paste: the method, the path with example parameters, the token from
 * `$TESSERA_TOKEN` (never a real secret), header parameters, and the example request body.
 */
export function curlCommand(op: DocumentedOperation, origin: string): string {
  const params = op.parameters ?? [];
  let path = op.path;
  for (const p of params.filter((p) => p.in === 'path')) {
    const value = paramValue(p);
    path = path.replaceAll(`{${p.name}}`, value.startsWith('<') ? value : encodeURIComponent(value));
  }
  const query = new URLSearchParams();
  for (const p of params.filter((p) => p.in === 'query' && p.required)) query.set(p.name, paramValue(p));
  const url = `${origin.replace(/\/+$/, '')}${path}${query.size > 0 ? `?${query.toString()}` : ''}`;

  const method = op.method.toUpperCase();
  const lines = [method === 'HEAD' ? `curl --head ${shellQuote(url)}` : `curl -X ${method} ${shellQuote(url)}`];
  const auth = authHeader(op);
  const headerParams = params.filter((p) => p.in === 'header');
  if (auth?.startsWith('--user')) lines.push(auth);
  else if (auth && !headerParams.some((p) => TOKEN_HEADERS.has(p.name.toLowerCase()))) lines.push(`-H ${auth}`);
  for (const p of headerParams) {
    lines.push(
      TOKEN_HEADERS.has(p.name.toLowerCase())
        ? `-H "${p.name}: $TESSERA_TOKEN"`
        : `-H ${shellQuote(`${p.name}: ${paramValue(p)}`)}`,
    );
  }
  const body = requestExample(op);
  if (body) {
    lines.push(`-H ${shellQuote(`Content-Type: ${body.contentType}`)}`);
    const compact = body.contentType.includes('json') ? JSON.stringify(JSON.parse(body.text)) : body.text;
    lines.push(`--data ${shellQuote(compact)}`);
  }
  return lines.join(' \\\n  ');
}
