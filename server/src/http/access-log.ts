import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * One shared logger writing one allow-listed line when a response finishes: no headers, no bodies, no query
 * strings, so nothing secret can reach the log. Mode: every request, errors only, or errors plus a sample.
 */
export function accessLog(logger: Logger, mode: 'all' | 'errors' | 'sampled', sampleRate: number): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    req.id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const status = res.statusCode;
      const isError = status >= 400;
      if (!isError && mode !== 'all' && (mode === 'errors' || Math.random() >= sampleRate)) return;
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const path = req.originalUrl.split('?', 1)[0];
      logger.info(
        {
          reqId: req.id,
          method: req.method,
          path,
          status,
          ms: Math.round(ms * 100) / 100,
          ip: req.ip,
          auth: req.principal?.authenticatedBy,
          userId: req.principal?.user.id,
        },
        'request',
      );
    });
    next();
  };
}
