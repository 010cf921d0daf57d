import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Express, Request, Response } from 'express';
import type { Logger } from 'pino';
import { clientAddress } from './client.js';
import { isUuidShaped, redactPath } from './redact-path.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const STARTED = 'accessLogStartedAt';
const WATCHED = 'accessLogWatched';

/** The URL without its query string, which is never logged. */
function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export interface AccessLogOptions {
  /** TESSERA_BOOTSTRAP_TOKEN: when it is UUID-shaped, UUID segments are blanked too (see redact-path.ts). */
  bootstrapToken?: string | undefined;
}

/**
 * One shared logger writing one allow-listed line when a response finishes: no headers, no bodies, no query
 * strings, and a path with any segment that may be a credential blanked (F-10; the redaction runs only for a line
 * that is written), so nothing secret can reach the log. Mode: every request, errors only, or errors plus a sample (chosen on
 * arrival; an error is caught in res.writeHead). How it stays cheap: docs/decisions/0004-performance-deviations.md §2.
 */
export function accessLog(
  app: Express,
  logger: Logger,
  mode: 'all' | 'errors' | 'sampled',
  sampleRate: number,
  options: AccessLogOptions = {},
): (req: Request, res: Response) => void {
  // Tessera's ids stay readable in the log, unless the bootstrap token could be mistaken for one.
  const keepIds = !(options.bootstrapToken !== undefined && isUuidShaped(options.bootstrapToken));
  // The line's allow-listed keys are never secret, so it skips pino's redaction (ADR 0004 §2); other lines keep it.
  const log = logger.child({}, { redact: [] });
  function finished(this: Response) {
    const req: Request = this.req;
    const ms = performance.now() - (this.locals[STARTED] as number);
    log.info(
      {
        reqId: req.id,
        method: req.method,
        path: redactPath(pathOf(req.originalUrl), keepIds),
        status: this.statusCode,
        ms: Math.round(ms * 100) / 100,
        ip: clientAddress(req),
        auth: req.principal?.authenticatedBy,
        userId: req.principal?.user.id,
      },
      'request',
    );
  }
  function watch(res: Response) {
    res.locals[WATCHED] = true;
    res.on('finish', finished);
  }
  if (mode !== 'all') {
    const nodeWriteHead = app.response.writeHead as (this: Response, ...args: unknown[]) => Response;
    app.response.writeHead = function writeHead(this: Response, ...args: unknown[]) {
      const status = args[0] as number;
      if (status >= 400 && this.locals[STARTED] !== undefined && this.locals[WATCHED] === undefined) watch(this);
      return nodeWriteHead.apply(this, args);
    } as Response['writeHead'];
  }
  // Called by the app's first layer rather than being a layer of its own (ADR 0004 §4).
  return (req, res) => {
    const incoming = req.headers['x-request-id'];
    req.id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    res.locals[STARTED] = performance.now();
    if (mode === 'all' || (mode === 'sampled' && Math.random() < sampleRate)) watch(res);
  };
}
