import { z } from 'zod';
import type { ResponseSpec } from './route.js';

/** An instant as every response writes it: ISO 8601 with an offset. */
export const instant = z.iso.datetime({ offset: true });

/** RFC 9457 problem details, as every native /api error answers. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('stable machine-readable code'),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    retryAfter: z.number().int().optional(),
    methods: z
      .array(z.enum(['totp', 'webauthn', 'recovery_code']))
      .optional()
      .describe('mfa_required: the second factors the user can answer with'),
  })
  .meta({ id: 'Problem' });

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Invalid request',
  401: 'No valid credential',
  403: 'Forbidden (not an administrator, or a cross-site request)',
  404: 'Not found (also for another user’s resources)',
  409: 'Conflict',
  422: 'Not allowed by policy',
  429: 'Too many attempts',
  503: 'Unavailable: a dependency (database, Redis) is unreachable',
};

/** The problem responses a route may give, by status. */
export const problems = (...statuses: number[]): Record<number, ResponseSpec> =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: PROBLEM_TEXT[s] ?? 'Error', schema: problemSchema, contentType: 'application/problem+json' },
    ]),
  );
