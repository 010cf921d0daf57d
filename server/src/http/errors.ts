import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { DomainError } from '../errors.js';
import { classifyError, errorOrigin, logOutage, logUnhandled } from './error-classifier.js';
import { endWithJson } from './json-response.js';
import { redactPath } from './redact-path.js';

// The error classes live in ../errors.ts; re-exported so imports from here keep working.
export {
  AppError,
  Conflict,
  DomainError,
  InsufficientScope,
  NetworkNotAllowed,
  Forbidden,
  Invalid,
  NotFound,
  PolicyViolation,
  ReauthenticationRequired,
  TooManyRequests,
  Unauthenticated,
} from '../errors.js';

export const PROBLEM_TYPE_BASE = 'https://tessera.dev/problems/';
const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problemBody(
  status: number,
  code: string,
  title: string,
  detail: string,
  instance?: string,
  extra: Readonly<Record<string, unknown>> = {},
) {
  const body: Record<string, unknown> = { type: PROBLEM_TYPE_BASE + code, title, status, detail, code };
  if (instance) body.instance = instance;
  for (const k in extra) body[k] = extra[k];
  return body;
}

/** A classified error's problem text, made once per error (docs/decisions/0004-performance-deviations.md §1). */
function problemText(c: DomainError): string {
  return (c.problemText ??= JSON.stringify(problemBody(c.status, c.code, c.title, c.message, undefined, c.extra)));
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

/** "No route for GET /api/…", naming the path with any segment that may be a credential blanked (F-10). */
export const noRouteDetail = (method: string, path: string): string => `No route for ${method} ${redactPath(path)}.`;

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, 404, 'not_found', 'Not found', noRouteDetail(req.method, `${req.baseUrl}${req.path}`));
};

/** The problem+json renderer: every error, classified once, answered as RFC 9457; a bug is logged and leaks nothing. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const c = classifyError(err);
    if (c !== err) {
      const origin = errorOrigin(c);
      if (origin === 'internal') logUnhandled(logger, err, req);
      else if (origin === 'dependency') logOutage(logger, err, req);
    }
    const headers = c.headers;
    for (const k in headers) res.setHeader(k, headers[k]!);
    writeProblem(res, c.status, problemText(c));
  };
}
