import type { RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { z } from 'zod';
import { hasNoControlCharacters, CONTROL_CHARACTERS_MESSAGE } from '../contract/rules.js';
import { auditContext } from '../http/audit-context.js';
import { route, type AnyRoute } from '../http/route.js';
import { problems } from '../http/schemas.js';
import { clientAddressKey, tooManyRequestsHandler } from '../security/rate-limit.js';
import type { LeakReportService } from './service.js';

export const LEAK_REPORT_PATH = '/api/credentials/revoke';
export const MAX_REPORTED_TOKENS = 1000;
const MAX_CANDIDATE_LENGTH = 200;
const MAX_SOURCE_LENGTH = 200;
const WINDOW_MINUTES = 15;

export const leakReportSchema = z.strictObject({
  tokens: z
    .array(z.string().max(MAX_CANDIDATE_LENGTH, `must be at most ${MAX_CANDIDATE_LENGTH} characters`))
    .min(1, 'must list at least one string')
    .max(MAX_REPORTED_TOKENS, `must list at most ${MAX_REPORTED_TOKENS} strings`),
  source: z
    .string()
    .trim()
    .max(MAX_SOURCE_LENGTH, `must be at most ${MAX_SOURCE_LENGTH} characters`)
    .refine(hasNoControlCharacters, CONTROL_CHARACTERS_MESSAGE)
    .optional()
    .meta({ description: 'Where the strings were found (a URL, a repository and commit); repeated to the owners.' }),
});

/** The one answer, whatever was reported: no per-token result, so the endpoint is no oracle for guessed tokens. */
export const leakReportAcceptedSchema = z
  .strictObject({ status: z.literal('accepted') })
  .meta({ id: 'LeakReportAccepted' });
const ACCEPTED = Object.freeze({ status: 'accepted' as const });

/** Reports per client address (IPv6 by its /56), in the sign-in counters' store: shared in Redis when configured. */
export function leakReportLimiter(store: Store, perWindow: number): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MINUTES * 60_000,
    limit: perWindow,
    store,
    keyGenerator: clientAddressKey,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: tooManyRequestsHandler('Too many leak reports from this address.', WINDOW_MINUTES * 60_000),
  });
}

export function leakReportRoutes(service: LeakReportService, limiter: RequestHandler): AnyRoute[] {
  return [
    route({
      method: 'post',
      path: LEAK_REPORT_PATH,
      tag: 'Leak reports',
      summary: 'Report leaked credentials (public): each real one is revoked at once',
      description:
        'For secret scanners and anyone who finds a Tessera credential in public. No authentication; rate-limited per ' +
        `client address (429 with Retry-After). Up to ${MAX_REPORTED_TOKENS} strings; each that is a checksum-valid ` +
        'auth token (`tsr_`) that exists is deleted at once, its owner notified (with `source`) and the deletion ' +
        'audited. The answer is always the same 202: it never says which strings were credentials. The token format ' +
        'is in docs/leak-scanning.md.',
      auth: 'none',
      request: { body: { schema: leakReportSchema } },
      responses: {
        202: { description: 'Accepted (whatever the strings were)', schema: leakReportAcceptedSchema },
        ...problems(400, 413, 429, 503),
      },
      before: [limiter],
      handler: async ({ body }, req, res) => {
        await service.report(auditContext(req), body.tokens, body.source || undefined);
        res.status(202).json(ACCEPTED);
      },
    }),
  ];
}
