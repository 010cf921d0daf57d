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

const FALLBACK_MESSAGES: Record<number, string> = {
  401: 'Your session has ended. Sign in again.',
  403: 'You are not allowed to do this.',
  404: 'This item does not exist or you cannot see it.',
  429: 'Too many attempts. Wait a moment and try again.',
};

async function toApiError(res: Response): Promise<ApiError> {
  let problem: Problem = {};
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) problem = ((await res.json().catch(() => ({}))) ?? {}) as Problem;
  const message =
    (typeof problem.detail === 'string' && problem.detail) ||
    (typeof problem.title === 'string' && problem.title) ||
    FALLBACK_MESSAGES[res.status] ||
    `The server could not complete the request (HTTP ${res.status}). Try again later.`;
  const code = typeof problem.code === 'string' ? problem.code : `http_${res.status}`;
  const fieldErrors = Array.isArray(problem.errors)
    ? (problem.errors as unknown[]).filter(
        (e): e is FieldError =>
          typeof e === 'object' && e !== null && typeof (e as FieldError).path === 'string' && 'message' in e,
      )
    : [];
  return new ApiError(res.status, message, code, fieldErrors);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** JSON over same-origin fetch; the server checks Sec-Fetch-Site, so no CSRF header is needed. */
export async function apiRequest<T>(path: string, { method = 'GET', body, signal }: RequestOptions = {}): Promise<T> {
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
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const isApiError = (e: unknown, status?: number): e is ApiError =>
  e instanceof ApiError && (status === undefined || e.status === status);

/** Words for any error a page may meet. */
export const errorMessage = (e: unknown): string =>
  e instanceof Error ? e.message : 'Something went wrong. Try again.';
