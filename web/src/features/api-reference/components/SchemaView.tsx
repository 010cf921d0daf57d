import type { JsonSchema } from '../api/types';

/** A one-line type such as `string (date-time) | null` or `array of object`. */
export function typeLabel(s: JsonSchema | undefined): string {
  if (!s) return 'any';
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.map(typeLabel).join(' | ');
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length === 0) return s.properties ? 'object' : 'any';
  return types
    .map((t) =>
      t === 'array' ? `array of ${typeLabel(s.items)}` : s.format && t === 'string' ? `${t} (${s.format})` : t,
    )
    .join(' | ');
}

/** The object schema a value may take, looking through `anyOf` (e.g. an object or null) and arrays. */
function objectOf(s: JsonSchema | undefined): JsonSchema | undefined {
  if (!s) return undefined;
  if (s.properties) return s;
  if (s.items) return objectOf(s.items);
  for (const v of s.anyOf ?? s.oneOf ?? []) {
    const o = objectOf(v);
    if (o) return o;
  }
  return undefined;
}

/** Fields of an object schema as a nested definition list; depth-limited so a big schema stays readable. */
export function SchemaView({ schema, depth = 0 }: { schema: JsonSchema | undefined; depth?: number }) {
  const obj = objectOf(schema);
  if (!obj?.properties || depth > 4) return <code>{typeLabel(schema)}</code>;
  const required = new Set(obj.required ?? []);
  return (
    <dl className="schema">
      {Object.entries(obj.properties).map(([name, prop]) => {
        const nested = objectOf(prop);
        return (
          <div key={name} className="schema-field">
            <dt>
              <code>{name}</code>
              {required.has(name) ? null : <span className="muted"> (optional)</span>}
            </dt>
            <dd>
              <code>{typeLabel(prop)}</code>
              {prop.description ? <span className="muted"> — {prop.description}</span> : null}
              {nested?.properties ? <SchemaView schema={prop} depth={depth + 1} /> : null}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
