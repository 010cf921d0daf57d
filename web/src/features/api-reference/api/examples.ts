import type { JsonSchema, MediaType, Operation } from './types';

// Values a reader recognises, by property name, before falling back on the type.
const BY_NAME: Record<string, unknown> = {
  id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  userId: 'me',
  username: 'alice',
  displayName: 'Alice Example',
  password: 'correct horse battery staple',
  description: 'CI deploy token',
  name: 'billing-sync',
  audience: 'urn:tessera:api',
  scope: 'tokens:read',
  grant_type: 'client_credentials',
  hint: 'tsr_…a1b2',
  ip: '203.0.113.7',
  userAgent: 'curl/8.5.0',
  token: 'tsr_…',
  secret: 'tsc_…',
};

// Names that follow a pattern: `…Id`, `createdBy` and `…Ip` values look like what they are.
const byNamePattern = (name: string): string | undefined =>
  /(Id|By)$/.test(name) ? (BY_NAME.id as string) : /Ip$/.test(name) ? (BY_NAME.ip as string) : undefined;

const BY_FORMAT: Record<string, string> = {
  'date-time': '2030-01-31T09:30:00Z',
  date: '2030-01-31',
  email: 'alice@example.com',
  uri: 'https://tessera.example/',
  url: 'https://tessera.example/',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  ipv4: '203.0.113.7',
  ipv6: '2001:db8::7',
};

const MAX_DEPTH = 8;

const fitString = (value: string, s: JsonSchema): string => {
  let v = value;
  if (s.minLength !== undefined && v.length < s.minLength) v = v.padEnd(s.minLength, 'x');
  if (s.maxLength !== undefined && v.length > s.maxLength) v = v.slice(0, s.maxLength);
  return v;
};

/**
 * An example value for a JSON schema: the schema's own `example`, `const`, first `enum` value or `default` when it
 * has one, otherwise a plausible value from the property's name, the string's format, or the type's bounds.
 */
export function exampleFor(schema: JsonSchema | undefined, name?: string, depth = 0): unknown {
  if (!schema || depth > MAX_DEPTH) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined && schema.default !== '') return schema.default;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const chosen = variants.find((v) => v.type !== 'null') ?? variants[0];
    return exampleFor(chosen, name, depth + 1);
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const type = types.find((t) => t !== 'null') ?? (schema.properties ? 'object' : types[0]);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        const value = exampleFor(prop, key, depth + 1);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case 'array': {
      const item = exampleFor(schema.items, name, depth + 1);
      return item === undefined ? [] : Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => item);
    }
    case 'string': {
      if (schema.format && BY_FORMAT[schema.format]) return BY_FORMAT[schema.format];
      const named = name !== undefined ? (BY_NAME[name] ?? byNamePattern(name)) : undefined;
      return fitString(typeof named === 'string' ? named : 'string', schema);
    }
    case 'integer':
    case 'number': {
      const low = schema.minimum ?? 1;
      return schema.maximum !== undefined ? Math.min(low, schema.maximum) : low;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return name !== undefined && name in BY_NAME ? BY_NAME[name] : undefined;
  }
}

/** A media type's example: its own, or one made from its schema. */
export const mediaExample = (media: MediaType | undefined): unknown =>
  media?.example !== undefined ? media.example : exampleFor(media?.schema);

const FORM = 'application/x-www-form-urlencoded';

/** A body as it is sent: pretty JSON, or `key=value&…` for a form. */
export function formatBody(contentType: string, value: unknown): string {
  if (contentType === FORM && value && typeof value === 'object') {
    return new URLSearchParams(Object.entries(value).map(([k, v]) => [k, String(v)])).toString();
  }
  return JSON.stringify(value, null, 2);
}

export interface BodyExample {
  contentType: string;
  status?: string;
  text: string;
}

/** The request body's example, in its first content type. */
export function requestExample(op: Operation): BodyExample | undefined {
  const [contentType, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
  if (!contentType) return undefined;
  const value = mediaExample(media);
  return value === undefined ? undefined : { contentType, text: formatBody(contentType, value) };
}

/** The first successful response that has a body, with its example. */
export function responseExample(op: Operation): BodyExample | undefined {
  const success = Object.entries(op.responses)
    .filter(([status, r]) => status.startsWith('2') && r.content)
    .sort(([a], [b]) => a.localeCompare(b))[0];
  if (!success) return undefined;
  const [status, response] = success;
  const [contentType, media] = Object.entries(response.content!)[0] ?? [];
  if (!contentType) return undefined;
  const value = mediaExample(media);
  return value === undefined ? undefined : { contentType, status, text: formatBody(contentType, value) };
}
