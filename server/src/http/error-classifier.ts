import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { DomainError } from '../errors.js';
import { DEPENDENCY_OUTAGE, DependencyOutage, isDependencyOutage } from './dependency-outage.js';

/** What the request's framing was refused for (body-parser's http-errors): not a domain decision, not a bug. */
class RequestError extends DomainError {}
/** Anything else: a bug, answered without a word of its own message. */
class InternalError extends DomainError {}

/** `dependency`: PostgreSQL or Redis did not answer (503, Retry-After), logged as a warning. */
export type ErrorOrigin = 'domain' | 'request' | 'internal' | 'dependency';

const MALFORMED_BODY = new RequestError(400, 'malformed_body', 'Malformed body', 'The request body is not valid JSON.');
const PAYLOAD_TOO_LARGE = new RequestError(
  413,
  'payload_too_large',
  'Payload too large',
  'The request body is too large.',
);
const UNSUPPORTED_ENCODING = new RequestError(
  415,
  'unsupported_media_type',
  'Unsupported media type',
  'The request body encoding is not supported.',
);
const INTERNAL = new InternalError(
  500,
  'internal_error',
  'Internal error',
  'Something went wrong on our side. It has been logged.',
);
// One per status, made on first use: a refused body answers with no object made for it.
const badRequests = new Map<number, RequestError>();

/** The generic refusal of a request's framing with this 4xx status. */
export function badRequest(status: number): DomainError {
  let e = badRequests.get(status);
  if (!e)
    badRequests.set(
      status,
      (e = new RequestError(status, 'bad_request', 'Bad request', 'The request could not be processed.')),
    );
  return e;
}

/**
 * The one classifier: any thrown value → status, code, title, detail, extra members and headers, as a DomainError
 * (a domain error is its own classification, so the refusal path makes nothing). Renderers only change the format.
 */
export function classifyError(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  const e = err as { status?: number; statusCode?: number; type?: string } | null | undefined;
  const status = e?.status ?? e?.statusCode;
  if (typeof status !== 'number') return isDependencyOutage(err) ? DEPENDENCY_OUTAGE : INTERNAL;
  if (status < 400 || status >= 500) return INTERNAL;
  if (e!.type === 'entity.too.large') return PAYLOAD_TOO_LARGE;
  if (e!.type === 'entity.parse.failed') return MALFORMED_BODY;
  if (e!.type === 'encoding.unsupported' || e!.type === 'charset.unsupported') return UNSUPPORTED_ENCODING;
  return badRequest(status);
}

export function errorOrigin(c: DomainError): ErrorOrigin {
  if (c instanceof RequestError) return 'request';
  if (c instanceof InternalError) return 'internal';
  return c instanceof DependencyOutage ? 'dependency' : 'domain';
}

/** For the formats that name only two framing refusals (Keystone, JSON:API): malformed JSON, or a bad request. */
export function coarseRequestError(c: DomainError): DomainError {
  return c === MALFORMED_BODY ? c : badRequest(c.status);
}

/** An internal error is logged with its message and stack (never sent), tied to the request's id. */
export function logUnhandled(logger: Logger, err: unknown, req: Request): void {
  logger.error(
    { err: { message: (err as Error)?.message, stack: (err as Error)?.stack }, reqId: req.id },
    'unhandled error',
  );
}

/** A dependency's failure is logged with its message (which names no secret: pg and Node say what failed, where). */
export function logOutage(logger: Logger, err: unknown, req: Request): void {
  const e = err as { message?: string; code?: unknown } | undefined;
  logger.warn({ err: { message: e?.message, code: e?.code }, reqId: req.id }, 'a dependency did not answer');
}

/** The reason phrases both JSON formats put in `title` (Keystone, JSON:API); each adds its own wording for the rest. */
export const STATUS_TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * The shared half of the renderers with only two framing refusals (Keystone, JSON:API): what to render, with a domain
 * error's headers set (those `keepHeader` lets through), a framing refusal made coarse and an internal error logged.
 */
export function classifyForRenderer(
  err: unknown,
  req: Request,
  res: Response,
  logger: Logger,
  keepHeader: (name: string) => boolean = () => true,
): { error: DomainError; origin: ErrorOrigin } {
  const c = classifyError(err);
  const origin = errorOrigin(c);
  if (origin === 'request') return { error: coarseRequestError(c), origin };
  if (origin === 'internal') logUnhandled(logger, err, req);
  else if (origin === 'dependency') logOutage(logger, err, req);
  if (origin !== 'internal') for (const k in c.headers) if (keepHeader(k)) res.setHeader(k, c.headers[k]!);
  return { error: c, origin };
}
