/**
 * The validation rules a form needs, written once: the server validates requests with these schemas and the console's
 * forms resolve with the same ones (imported as `@tessera/rules`). Pure zod, no Node or browser API.
 */
import { z } from 'zod';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
export const MAX_USERNAME_LENGTH = 64;
export const MAX_DISPLAY_NAME_LENGTH = 128;
export const MAX_DESCRIPTION_LENGTH = 255;
export const MAX_CLIENT_NAME_LENGTH = 100;
export const MAX_REVOCATION_REASON_LENGTH = 200;
export const MAX_AUDIENCE_LENGTH = 255;
export const MAX_SCOPE_LENGTH = 128;
export const MAX_SCOPE_PAIRS = 10;
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@-]*$/;
/** RFC 6749 §3.3 scope-token characters (no space, '"' or '\'), so a fully-qualified scope stays one token. */
export const SCOPE_TOKEN_PATTERN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * Free text (names, display names, descriptions, titles) is one line of printable characters: refused are the C0
 * controls U+0000–U+001F (NUL, tab and line breaks included: no field needs them), DEL U+007F, the C1 controls
 * U+0080–U+009F, and a lone surrogate (half of a UTF-16 pair, which no UTF-8 store or JSON parser such as jq keeps
 * as it is). Leading and trailing whitespace is trimmed first, as each schema says. Format characters (zero-width
 * joiners, bidirectional marks) stay allowed: names in many scripts need them.
 */
const CONTROL_OR_LONE_SURROGATE =
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const CONTROL_CHARACTERS_MESSAGE = 'must not contain control characters';
export const hasNoControlCharacters = (s: string): boolean => !CONTROL_OR_LONE_SURROGATE.test(s);

/**
 * A free-text field's rule: a string, trimmed, not empty when `required` says how to word that, within its length,
 * with no control character or lone surrogate.
 */
const freeText = (max: number, required?: string) => {
  const trimmed = z.string().trim();
  return (required === undefined ? trimmed : trimmed.min(1, required))
    .max(max, `must be at most ${max} characters`)
    .refine(hasNoControlCharacters, CONTROL_CHARACTERS_MESSAGE);
};

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'must not be empty')
  .max(MAX_USERNAME_LENGTH, `must be at most ${MAX_USERNAME_LENGTH} characters`)
  .regex(USERNAME_PATTERN, 'may contain letters, digits and . _ @ - and must start with a letter or digit');

/** Length only: the server adds its common-password check, which is too large a list to ship to the browser. */
export const passwordLengthSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

export const displayNameSchema = freeText(MAX_DISPLAY_NAME_LENGTH, 'must not be empty');

export const roleSchema = z.enum(['user', 'admin']);

/** An auth token's description: required, one line. */
export const tokenDescriptionSchema = freeText(MAX_DESCRIPTION_LENGTH, 'is required');

export const clientNameSchema = freeText(MAX_CLIENT_NAME_LENGTH, 'is required');

/** An OAuth client's description (title): optional, one line. */
export const clientDescriptionSchema = freeText(MAX_DESCRIPTION_LENGTH);

/** A bulk revocation's reason (issue 19): one line, shown to each owner on their revoked token and in notifications. */
export const revocationReasonSchema = freeText(MAX_REVOCATION_REASON_LENGTH, 'must not be empty');

export const audienceSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(MAX_AUDIENCE_LENGTH, `must be at most ${MAX_AUDIENCE_LENGTH} characters`)
  .refine(
    (s) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && URL.canParse(s),
    'must be an absolute URI such as https://api.example.com',
  )
  .refine((s) => SCOPE_TOKEN_PATTERN.test(s), 'must not contain spaces, quotes or backslashes')
  .refine((s) => !s.includes('#'), 'must not contain a fragment');

export const scopeSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(MAX_SCOPE_LENGTH, `must be at most ${MAX_SCOPE_LENGTH} characters`)
  .regex(SCOPE_TOKEN_PATTERN, 'must not contain spaces, quotes or backslashes');

/**
 * The fully-qualified scope a client asks for: audience + scope, with a '/' between them unless the audience
 * already ends with one (`https://api.example.com` + `reports.read` → `https://api.example.com/reports.read`).
 */
export const fullyQualifiedScope = (s: { audience: string; scope: string }): string =>
  s.audience.endsWith('/') ? s.audience + s.scope : `${s.audience}/${s.scope}`;

export const scopePairsSchema = z
  .array(z.strictObject({ audience: audienceSchema, scope: scopeSchema }))
  .min(1, 'must have at least one audience and scope')
  .max(MAX_SCOPE_PAIRS, `must have at most ${MAX_SCOPE_PAIRS} audience and scope pairs`)
  .refine(
    (pairs) => new Set(pairs.map(fullyQualifiedScope)).size === pairs.length,
    'must not repeat a fully-qualified scope',
  );

/** An expiry a client may ask for: an ISO date-time with offset, null for never, omitted for the default. */
export const expiresAtSchema = z.iso.datetime({ offset: true }).nullable().optional();

/**
 * The expiry bounds the policy sets, as both sides judge them: not in the past (nor within a minute), and within
 * maxLifetimeDays of now when there is a maximum. Returns the problem, or undefined when the expiry is allowed.
 */
export function expiryProblem(
  expiresAtMs: number,
  policy: { maxLifetimeDays: number | null },
  now = Date.now(),
): 'expiry_in_past' | 'expiry_beyond_policy' | undefined {
  if (expiresAtMs <= now) return 'expiry_in_past';
  if (policy.maxLifetimeDays !== null && expiresAtMs > now + policy.maxLifetimeDays * 86_400_000)
    return 'expiry_beyond_policy';
  return undefined;
}

// Issue 21: a project's name (unique in the domain regardless of case; Keystone's limit) and description.
export const MAX_PROJECT_NAME_LENGTH = 64;
export const projectNameSchema = freeText(MAX_PROJECT_NAME_LENGTH, 'is required');
export const projectDescriptionSchema = freeText(MAX_DESCRIPTION_LENGTH);

export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'is not a valid id');

// H3 — MFA: the fields of the second-factor forms.
export const MAX_PASSKEY_NAME_LENGTH = 64;

/** A passkey's name, so a user can tell their keys apart: required, one line. */
export const passkeyNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(MAX_PASSKEY_NAME_LENGTH, `must be at most ${MAX_PASSKEY_NAME_LENGTH} characters`)
  .refine(hasNoControlCharacters, 'must not contain control characters');

/** A code from an authenticator app: six digits, a space between the groups allowed (as apps show them). */
export const otpCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{3} ?\d{3}$/, 'must be the 6-digit code from your authenticator app');

/** A recovery code as printed (`xxxxx-xxxxx`); case, spaces and dashes do not matter. */
export const recoveryCodeSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(32, 'must be at most 32 characters')
  .regex(/^[A-Za-z0-9 -]+$/, 'must be a recovery code such as 4k7mq-x2c9d');

// H5 (issue 19) — webhooks: an endpoint's URL and description.
export const MAX_WEBHOOK_URL_LENGTH = 2000;

/**
 * A webhook endpoint's URL: absolute http(s), no user name or password (a secret in the authority would be shown and
 * logged), no fragment (never sent). The query or the path may carry the receiver's own token (Slack, Discord, Teams):
 * the server keeps it but only ever logs or audits the origin.
 */
export const webhookUrlSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(MAX_WEBHOOK_URL_LENGTH, `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`)
  // Before parsing: the URL parser would drop a tab or line break and percent-encode a NUL, and the raw string
  // (NUL included, which PostgreSQL refuses) is not what is stored.
  .refine(hasNoControlCharacters, CONTROL_CHARACTERS_MESSAGE)
  .transform((s, ctx) => {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute URL such as https://example.com/hooks' });
      return z.NEVER;
    }
    let problem: string | undefined;
    if (u.protocol !== 'https:' && u.protocol !== 'http:') problem = 'must be an http or https URL';
    else if (u.username || u.password) problem = 'must not contain a user name or password';
    else if (u.hash) problem = 'must not have a fragment (#…)';
    else if (u.href.length > MAX_WEBHOOK_URL_LENGTH)
      problem = `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters once normalised (percent-encoded)`;
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    // What is stored and posted to is the parsed URL, normalised: the same URL fetch will use.
    return u.href;
  });

/** A webhook's description: optional, one line. */
export const webhookDescriptionSchema = freeText(MAX_DESCRIPTION_LENGTH);

/** What a service account is for (issue 21, point 5): optional free text. */
export const serviceAccountDescriptionSchema = freeText(MAX_DESCRIPTION_LENGTH);
