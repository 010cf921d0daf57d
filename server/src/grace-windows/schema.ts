import { z } from 'zod';
import { instant } from '../http/schemas.js';
import { MAX_GRACE_SECONDS } from './service.js';

/** The body of a regenerate or a secret reset (issue 20, point 3); an empty body is today's behaviour. */
export const regenerateSecretSchema = z
  .strictObject({
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_GRACE_SECONDS)
      .optional()
      .describe(
        'how long the old secret keeps working beside the new one, in seconds (at most 86400, a day); 0 or omitted: ' +
          'it stops working at once. Only the latest previous secret is kept: this ends an earlier window.',
      ),
  })
  .meta({ id: 'RegenerateSecret' });

/** A previous secret's open grace window as lists and reads show it: never that secret or its digest. */
export const graceWindowSchema = z
  .strictObject({
    startedAt: instant.describe('when the secret was replaced'),
    until: instant.describe('the old secret works until then, unless the window is ended earlier'),
    oldSecretHint: z.string().describe('the old secret’s prefix and last four characters'),
    oldSecretLastUsedAt: instant.nullable().describe('the last use of the old secret in this window'),
    oldSecretLastUsedIp: z.string().nullable(),
    oldSecretUserAgent: z.string().nullable(),
    oldSecretUseCount: z.number().int().describe('uses of the old secret in this window (recorded in batches)'),
  })
  .meta({ id: 'GraceWindow' });

// A union, not .nullable(): zod-to-openapi would make the named component itself nullable.
export const graceField = z
  .union([graceWindowSchema, z.null()])
  .describe('the previous secret’s open grace window (issue 20); null: only the current secret works');
