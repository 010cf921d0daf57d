import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { STATUS_TITLES, classifyForRenderer } from '../http/error-classifier.js';

const TITLES: Record<number, string> = { ...STATUS_TITLES, 413: 'Request Entity Too Large' };

/** Keystone clients parse `{"error":{"code","title","message"}}`, not problem+json: the /v3 surface answers in kind. */
export function keystoneErrors(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    // Keystone's own challenge replaces the native one.
    const { error: c, origin } = classifyForRenderer(err, req, res, logger, (k) => k !== 'WWW-Authenticate');
    if (origin === 'domain' && c.status === 401) res.setHeader('WWW-Authenticate', 'Keystone uri="/v3"');
    // A credential without the scope is no authentication failure: RFC 6750's insufficient_scope challenge stays.
    else if (origin === 'domain' && c.code === 'insufficient_scope')
      res.setHeader('WWW-Authenticate', c.headers['WWW-Authenticate']!);
    const message =
      origin === 'internal' ? 'An unexpected error prevented the server from fulfilling your request.' : c.message;
    res.status(c.status).json({ error: { code: c.status, title: TITLES[c.status] ?? 'Error', message } });
  };
}
