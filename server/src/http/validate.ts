import type { z } from 'zod';
import { Invalid, invalidFieldsDetail, type FieldError } from '../errors.js';

/** One issue as a clause of the detail sentence: "username is required", "limit: too big: expected …". */
function clause(issue: z.core.$ZodIssue, path: string): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return issue.keys.length === 1 ? `${keys} is not a known field` : `${keys} are not known fields`;
  }
  // zod's own wording for a missing member; the field list keeps it as zod says it.
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return `${path} is required`;
  const m = issue.message;
  return /^[a-z]/.test(m) ? `${path} ${m}` : `${path}: ${m.charAt(0).toLowerCase()}${m.slice(1)}`;
}

/** Parses input with a zod schema; failures become one 400 problem listing every field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what = 'body'): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const errors: FieldError[] = r.error.issues.map((i) => ({ path: i.path.join('.') || what, message: i.message }));
  if (errors.length === 0) throw new Invalid(`The request’s ${what} is invalid.`);
  throw new Invalid(invalidFieldsDetail(r.error.issues.map((i, n) => clause(i, errors[n]!.path))), errors);
}
