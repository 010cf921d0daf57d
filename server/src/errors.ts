/**
 * Typed domain errors: services and policies throw these, and one classifier (http/error-classifier.ts) hands them
 * to the renderer of the surface that answers (problem+json, OAuth, Keystone, JSON:API). Each carries the HTTP status
 * of its category, so classifying one is reading it: no object is made on the refusal path.
 */
export interface FieldError {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail?: string,
    /** Members a problem document carries beyond the standard ones (`errors`, `retryAfter`). */
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail ?? title);
  }

  get detail(): string {
    return this.message;
  }

  /** The fields a request was refused for (Invalid), if any. */
  get errors(): readonly FieldError[] | undefined {
    return this.extra.errors as FieldError[] | undefined;
  }

  /** The problem document's text, kept by its renderer (docs/decisions/0004-performance-deviations.md §1). */
  problemText: string | undefined;
}

/** The name the error classes had under http/; kept so existing imports read the same. */
export { DomainError as AppError };

export class Invalid extends DomainError {
  constructor(detail: string, errors?: FieldError[]) {
    super(400, 'invalid_request', 'Invalid request', detail, errors ? { errors } : {});
  }
}
/** The problem's `detail` for field errors: one sentence a person can read, the fields still listed in `errors`. */
export function invalidFieldsDetail(clauses: string[]): string {
  const n = clauses.length;
  return `The request has ${n} invalid field${n === 1 ? '' : 's'}: ${clauses.join('; ')}.`;
}

/** A 400 for one field, with `message` worded as the validators word theirs ("is not a valid date-time"). */
export const invalidField = (path: string, message: string): Invalid =>
  new Invalid(invalidFieldsDetail([`${path} ${message}`]), [{ path, message }]);

export class Unauthenticated extends DomainError {
  constructor(detail = 'A valid credential is required.', scheme = 'Bearer realm="tessera", Basic realm="tessera"') {
    super(401, 'unauthenticated', 'Unauthenticated', detail, {}, { 'WWW-Authenticate': scheme });
  }
}
/**
 * Step-up (ASVS 7.5.3): a sensitive action from a browser session whose last authentication is older than
 * TESSERA_REAUTH_MINUTES. The console asks "Confirm it's you", re-authenticates and retries the action.
 */
export class ReauthenticationRequired extends DomainError {
  constructor(detail = 'Confirm it’s you: sign in again to do this.') {
    super(
      401,
      'reauthentication_required',
      'Re-authentication required',
      detail,
      {},
      {
        'WWW-Authenticate': 'FormBased realm="tessera"',
      },
    );
  }
}
export class Forbidden extends DomainError {
  constructor(detail = 'You are not allowed to do this.', code = 'forbidden') {
    super(403, code, 'Forbidden', detail);
  }
}
export class NotFound extends DomainError {
  constructor(detail = 'The resource does not exist.') {
    super(404, 'not_found', 'Not found', detail);
  }
}
export class Conflict extends DomainError {
  constructor(detail: string, code = 'conflict') {
    super(409, code, 'Conflict', detail);
  }
}
export class PolicyViolation extends DomainError {
  constructor(detail: string, code: string) {
    super(422, code, 'Not allowed by policy', detail);
  }
}
/** A wait as people say it: "45 seconds", "13 minutes", "about 2 hours". */
export function waitInWords(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return plural(whole, 'second');
  const minutes = Math.ceil(whole / 60);
  return minutes < 120 ? plural(minutes, 'minute') : `about ${plural(Math.round(minutes / 60), 'hour')}`;
}

/** 429 with Retry-After; `reason` is the first sentence, the detail adds when to try again. */
export class TooManyRequests extends DomainError {
  constructor(retryAfterSeconds: number, reason = 'Too many attempts.') {
    super(
      429,
      'too_many_requests',
      'Too many requests',
      `${reason} Try again in ${waitInWords(retryAfterSeconds)}.`,
      { retryAfter: retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}

/** 503: a dependency the answer needs (the shared sign-in counters in Redis) is unreachable; nothing was decided. */
export class ServiceUnavailable extends DomainError {
  constructor(detail = 'A service this request needs is unreachable. Try again shortly.', retryAfterSeconds = 5) {
    super(
      503,
      'service_unavailable',
      'Service unavailable',
      detail,
      { retryAfter: retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}

/**
 * RFC 6750 §3.1: the credential is good but lacks the scope this request needs. `needed` is what the route asks for,
 * space-separated; one instance per route and need is made when routes are mounted, so a refusal makes no object.
 */
export class InsufficientScope extends DomainError {
  constructor(readonly needed: string) {
    super(
      403,
      'insufficient_scope',
      'Insufficient scope',
      `This request needs the scope ${needed}, which the credential does not have.`,
      { scope: needed },
      { 'WWW-Authenticate': `Bearer realm="tessera", error="insufficient_scope", scope="${needed}"` },
    );
  }
}

/**
 * A credential used from outside its network allow-list: refused as a failed authentication, without naming the
 * allowed networks (the caller may be someone who should not learn them).
 */
export class NetworkNotAllowed extends DomainError {
  constructor() {
    super(
      401,
      'network_not_allowed',
      'Network not allowed',
      'This credential may not be used from this network.',
      {},
      { 'WWW-Authenticate': 'Bearer realm="tessera", error="invalid_token"' },
    );
  }
}
