import { z } from 'zod';
import type { OAuth2Scope } from '../store/store.js';

/**
 * The fully-qualified scope a client asks for: audience + scope, with a '/' between them unless the audience
 * already ends with one (`https://api.example.com` + `reports.read` → `https://api.example.com/reports.read`).
 */
export function fullyQualifiedScope(s: OAuth2Scope): string {
  return s.audience.endsWith('/') ? s.audience + s.scope : `${s.audience}/${s.scope}`;
}

/** Distinct audiences of some scopes, in their first order: the access token's `aud`. */
export const audiencesOf = (scopes: OAuth2Scope[]): string[] => [...new Set(scopes.map((s) => s.audience))];

// RFC 6749 §3.3 scope-token characters (no space, '"' or '\'), so a fully-qualified scope stays one token.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export const audienceSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(255, 'must be at most 255 characters')
  .refine(
    (s) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && URL.canParse(s),
    'must be an absolute URI such as https://api.example.com',
  )
  .refine((s) => SCOPE_TOKEN.test(s), 'must not contain spaces, quotes or backslashes')
  .refine((s) => !s.includes('#'), 'must not contain a fragment');

export const scopeSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(128, 'must be at most 128 characters')
  .regex(SCOPE_TOKEN, 'must not contain spaces, quotes or backslashes');

export const scopePairsSchema = z
  .array(z.strictObject({ audience: audienceSchema, scope: scopeSchema }))
  .min(1, 'must have at least one audience and scope')
  .max(10, 'must have at most 10 audience and scope pairs')
  .refine(
    (pairs) => new Set(pairs.map(fullyQualifiedScope)).size === pairs.length,
    'must not repeat a fully-qualified scope',
  );
