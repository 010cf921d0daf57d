import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { Unauthenticated } from '../errors.js';
import { authorizationCredentials, authorizationScheme } from '../http/authorization-header.js';
import { errorHandler, notFoundHandler } from '../http/errors.js';
import { apiHeaders } from '../http/security-headers.js';
import type { MetricsExporter } from './exporter.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * GET /metrics: the exposition, behind `Authorization: Bearer <TESSERA_METRICS_TOKEN>` when a token is set (compared
 * as SHA-256 digests in constant time, whatever the length sent); 401 problem+json otherwise. The header is never
 * logged: the access log's line is allow-listed (http/access-log.ts).
 */
export function metricsHandler(exporter: MetricsExporter, token: string | undefined): RequestHandler {
  const expected = token === undefined ? undefined : digest(token);
  return async (req, res, next) => {
    if (expected) {
      const header = req.headers.authorization;
      const given =
        header !== undefined && authorizationScheme(header) === 'bearer' ? authorizationCredentials(header) : '';
      if (!timingSafeEqual(digest(given), expected))
        return next(new Unauthenticated('A valid metrics token is required.', 'Bearer realm="tessera-metrics"'));
    }
    const { contentType, text } = await exporter.render();
    res.setHeader('Content-Type', contentType);
    res.end(text);
  };
}

/** The app of TESSERA_METRICS_PORT: /metrics and nothing else (404 problem+json), on its own listener. */
export function metricsApp(handler: RequestHandler, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/metrics', apiHeaders, handler);
  app.use(apiHeaders, notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
