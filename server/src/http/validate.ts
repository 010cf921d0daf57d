import type { z } from 'zod';
import { Invalid } from './errors.js';

/** Parses input with a zod schema; failures become one 400 problem listing every field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what = 'body'): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({ path: i.path.join('.') || what, message: i.message }));
  const first = errors[0];
  throw new Invalid(first ? `${first.path}: ${first.message}` : `Invalid ${what}.`, errors);
}
