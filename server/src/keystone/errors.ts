import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../http/errors.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** Keystone clients parse `{"error":{"code","title","message"}}`, not problem+json: the /v3 surface answers in kind. */
export function keystoneErrors(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    let status = 500;
    let message = 'An unexpected error prevented the server from fulfilling your request.';
    if (err instanceof AppError) {
      status = err.status;
      message = err.message;
      for (const [k, v] of Object.entries(err.headers)) if (k !== 'WWW-Authenticate') res.setHeader(k, v);
      if (status === 401) res.setHeader('WWW-Authenticate', 'Keystone uri="/v3"');
    } else {
      const e = err as { status?: number; statusCode?: number; type?: string };
      const s = e.status ?? e.statusCode;
      if (typeof s === 'number' && s >= 400 && s < 500) {
        status = s;
        message =
          e.type === 'entity.parse.failed'
            ? 'The request body is not valid JSON.'
            : 'The request could not be processed.';
      } else {
        logger.error(
          { err: { message: (err as Error)?.message, stack: (err as Error)?.stack }, reqId: req.id },
          'unhandled error',
        );
      }
    }
    res.status(status).json({ error: { code: status, title: TITLES[status] ?? 'Error', message } });
  };
}
