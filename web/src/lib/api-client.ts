import { describeFieldErrors } from './field-errors';
import { formatWait, parseRetryAfter } from './retry-after';
import {
  REAUTHENTICATE_PATH,
  REAUTHENTICATION_CANCELLED,
  REAUTHENTICATION_CANCELLED_MESSAGE,
  REAUTHENTICATION_REQUIRED,
  requestReauthentication,
} from './reauthentication';

/** One field-level complaint from a problem+json `errors` array. */
export interface FieldError {
  path: string;
  message: string;
}

/** A failed API call, carrying the RFC 9457 problem's words so pages can show them as they are. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
    readonly fieldErrors: FieldError[] = [],
    /** From a 429's Retry-After: how long until trying again can work. */
    readonly retryAfterSeconds?: number,
    /** The problem's other members, e.g. `methods` of a 401 mfa_required. */
    readonly problem: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message for one form field, e.g. "must be at least 12 characters". */
  fieldMessage(path: string): string | undefined {
    return this.fieldErrors.find((e) => e.path === path)?.message;
  }
}

interface Problem {
  title?: unknown;
  detail?: unknown;
  code?: unknown;
  errors?: unknown;
}

/** What a 401 means anywhere but signing in: the console's own wording, never the server's "credential" talk. */
export const SESSION_ENDED_MESSAGE = 'Your session has ended. Sign in again to continue.';

const FALLBACK_MESSAGES: Record<number, string> = {
  401: SESSION_ENDED_MESSAGE,
  403: 'You are not allowed to do this.',
  404: 'This item does not exist or you cannot see it.',
  429: 'Too many attempts. Wait a moment and try again.',
};

// A detail that is only field codes ("username: is required") is reworded from the field errors.
const RAW_FIELD_DETAIL = /^[\w.[\]]+: /;

async function toApiError(res: Response, path: string, method: string): Promise<ApiError> {
  let problem: Problem = {};
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) problem = ((await res.json().catch(() => ({}))) ?? {}) as Problem;
  const code = typeof problem.code === 'string' ? problem.code : `http_${res.status}`;
  const fieldErrors = Array.isArray(problem.errors)
    ? (problem.errors as unknown[]).filter(
        (e): e is FieldError =>
          typeof e === 'object' &&
          e !== null &&
          typeof (e as FieldError).path === 'string' &&
          typeof (e as FieldError).message === 'string',
      )
    : [];
  const detail = typeof problem.detail === 'string' ? problem.detail : '';
  let message =
    (fieldErrors.length > 0 && (!detail || RAW_FIELD_DETAIL.test(detail)) && describeFieldErrors(fieldErrors)) ||
    detail ||
    (typeof problem.title === 'string' && problem.title) ||
    FALLBACK_MESSAGES[res.status] ||
    `The server could not complete the request (HTTP ${res.status}). Try again later.`;
  // Signing in (or confirming it's you) with a wrong password is a 401 too, and so is a step-up; everywhere else it
  // means the session is gone.
  const signingIn = (path === '/api/session' || path === REAUTHENTICATE_PATH) && method === 'POST';
  if (res.status === 401 && !signingIn && code !== REAUTHENTICATION_REQUIRED) message = SESSION_ENDED_MESSAGE;
  const retryAfterSeconds = res.status === 429 ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
  if (retryAfterSeconds !== undefined) {
    // The server may already say when, in its own words: the console says it once, from the header.
    const what =
      message.replace(/\s*(Wait a moment and try again|Try again later|Try again in [^.]*)\.?$/i, '').trim() ||
      'Too many attempts.';
    message = `${what} Try again in ${formatWait(retryAfterSeconds)}.`;
  }
  return new ApiError(res.status, message, code, fieldErrors, retryAfterSeconds, problem as Record<string, unknown>);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Internal: this is the retry after "Confirm it's you", so a second step-up is not asked again. */
  afterReauthentication?: boolean;
}

/** JSON over same-origin fetch; the server checks Sec-Fetch-Site, so no CSRF header is needed. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal } = options;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, "Can't reach the Tessera server. Check your connection and try again.", 'network_error');
  }
  if (!res.ok) {
    const error = await toApiError(res, path, method);
    // Step-up: ask "Confirm it's you", then send the same request once more, as if nothing had happened.
    if (error.code === REAUTHENTICATION_REQUIRED && !options.afterReauthentication) {
      if (await requestReauthentication()) return apiRequest<T>(path, { ...options, afterReauthentication: true });
      throw new ApiError(401, REAUTHENTICATION_CANCELLED_MESSAGE, REAUTHENTICATION_CANCELLED);
    }
    throw error;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const isApiError = (e: unknown, status?: number): e is ApiError =>
  e instanceof ApiError && (status === undefined || e.status === status);

/** Words for any error a page may meet. */
export const errorMessage = (e: unknown): string =>
  e instanceof Error ? e.message : 'Something went wrong. Try again.';
