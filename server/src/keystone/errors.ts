import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { classifyError, coarseRequestError, errorOrigin, logUnhandled } from '../http/error-classifier.js';

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
    const c = classifyError(err);
    const origin = errorOrigin(c);
    let message = c.message;
    if (origin === 'domain') {
      for (const k in c.headers) if (k !== 'WWW-Authenticate') res.setHeader(k, c.headers[k]!);
      if (c.status === 401) res.setHeader('WWW-Authenticate', 'Keystone uri="/v3"');
    } else if (origin === 'request') message = coarseRequestError(c).message;
    else {
      logUnhandled(logger, err, req);
      message = 'An unexpected error prevented the server from fulfilling your request.';
    }
    res.status(c.status).json({ error: { code: c.status, title: TITLES[c.status] ?? 'Error', message } });
  };
}
