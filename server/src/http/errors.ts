import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { endWithJson } from './json-response.js';

/** Typed errors thrown by services; one middleware turns them into RFC 9457 problem+json. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }

  private json: string | undefined;
  /** The problem document's text, made once per error: one shared refusal answers every unknown token. */
  problemJson(): string {
    return (this.json ??= JSON.stringify(
      problemBody(this.status, this.code, this.title, this.message, undefined, this.extra),
    ));
  }
}

export class Invalid extends AppError {
  constructor(detail: string, errors?: { path: string; message: string }[]) {
    super(400, 'invalid_request', 'Invalid request', detail, errors ? { errors } : {});
  }
}
export class Unauthenticated extends AppError {
  constructor(detail = 'A valid credential is required.', scheme = 'Bearer realm="tessera", Basic realm="tessera"') {
    super(401, 'unauthenticated', 'Unauthenticated', detail, {}, { 'WWW-Authenticate': scheme });
  }
}
export class Forbidden extends AppError {
  constructor(detail = 'You are not allowed to do this.', code = 'forbidden') {
    super(403, code, 'Forbidden', detail);
  }
}
export class NotFound extends AppError {
  constructor(detail = 'The resource does not exist.') {
    super(404, 'not_found', 'Not found', detail);
  }
}
export class Conflict extends AppError {
  constructor(detail: string, code = 'conflict') {
    super(409, code, 'Conflict', detail);
  }
}
export class PolicyViolation extends AppError {
  constructor(detail: string, code: string) {
    super(422, code, 'Not allowed by policy', detail);
  }
}
export class TooManyRequests extends AppError {
  constructor(retryAfterSeconds: number, detail = 'Too many attempts. Try again later.') {
    super(
      429,
      'too_many_requests',
      'Too many requests',
      detail,
      { retryAfter: retryAfterSeconds },
      {
        'Retry-After': String(retryAfterSeconds),
      },
    );
  }
}

export const PROBLEM_TYPE_BASE = 'https://tessera.dev/problems/';

export function problemBody(
  status: number,
  code: string,
  title: string,
  detail: string,
  instance?: string,
  extra: Record<string, unknown> = {},
) {
  const body: Record<string, unknown> = { type: PROBLEM_TYPE_BASE + code, title, status, detail, code };
  if (instance) body.instance = instance;
  for (const k in extra) body[k] = extra[k];
  return body;
}

export function sendProblem(
  res: Parameters<RequestHandler>[1],
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  writeProblem(res, status, JSON.stringify(problemBody(status, code, title, detail, undefined, extra)));
}

/** A problem document's text, written as res.type().send() would, without their MIME lookups and type parsing. */
function writeProblem(res: Parameters<RequestHandler>[1], status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
  endWithJson(res, text);
}

const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, 404, 'not_found', 'Not found', `No route for ${req.method} ${req.path}.`);
};

/** The one error path: typed errors map to their status; body-parser errors to 400/413/415; anything else is a 500 that leaks nothing. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof AppError) {
      const headers = err.headers;
      for (const k in headers) res.setHeader(k, headers[k]!);
      return writeProblem(res, err.status, err.problemJson());
    }
    const e = err as { status?: number; statusCode?: number; type?: string; expose?: boolean };
    const status = e.status ?? e.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      if (e.type === 'entity.too.large')
        return sendProblem(res, 413, 'payload_too_large', 'Payload too large', 'The request body is too large.');
      if (e.type === 'entity.parse.failed')
        return sendProblem(res, 400, 'malformed_body', 'Malformed body', 'The request body is not valid JSON.');
      if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
        return sendProblem(
          res,
          415,
          'unsupported_media_type',
          'Unsupported media type',
          'The request body encoding is not supported.',
        );
      return sendProblem(res, status, 'bad_request', 'Bad request', 'The request could not be processed.');
    }
    logger.error(
      { err: { message: (err as Error)?.message, stack: (err as Error)?.stack }, reqId: req.id },
      'unhandled error',
    );
    return sendProblem(
      res,
      500,
      'internal_error',
      'Internal error',
      'Something went wrong on our side. It has been logged.',
    );
  };
}
