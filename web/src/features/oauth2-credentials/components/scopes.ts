import { MAX_SCOPE_PAIRS } from '@tessera/rules';
import { z } from 'zod';
import type { ScopePair } from '../api/types';

export { MAX_SCOPE_PAIRS };

/** The server's join rule: audience + scope, with a '/' between them unless the audience already ends with one. */
export const fullyQualifiedScope = ({ audience, scope }: ScopePair): string =>
  audience.endsWith('/') ? audience + scope : `${audience}/${scope}`;

// RFC 6749 scope-token characters: no spaces, quotes or backslashes.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

const audience = z
  .string()
  .trim()
  .min(1, 'Enter the audience, e.g. https://api.example.com.')
  .max(255, 'Use at most 255 characters.')
  .refine(
    (s) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && URL.canParse(s),
    'Enter an absolute URI such as https://api.example.com.',
  )
  .refine((s) => SCOPE_TOKEN.test(s) && !s.includes('#'), 'No spaces, quotes, backslashes or #fragment.');

const scope = z
  .string()
  .trim()
  .min(1, 'Enter the scope, e.g. reports.read.')
  .max(128, 'Use at most 128 characters.')
  .regex(SCOPE_TOKEN, 'No spaces, quotes or backslashes.');

/** One schema for the Generate form, mirroring the server's rules so most mistakes are caught before sending. */
export const generateClientSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(100, 'Use at most 100 characters.'),
  description: z.string().trim().max(255, 'Use at most 255 characters.'),
  scopes: z.array(z.object({ audience, scope })).min(1).max(MAX_SCOPE_PAIRS),
});
