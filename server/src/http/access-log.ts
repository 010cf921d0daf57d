import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Express, Request, Response } from 'express';
import type { Logger } from 'pino';
import { clientAddress } from './client.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const STARTED = 'accessLogStartedAt';
const WATCHED = 'accessLogWatched';

/** The URL without its query string, which is never logged. */
function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/**
 * One shared logger writing one allow-listed line when a response finishes: no headers, no bodies, no query
 * strings, so nothing secret can reach the log. Mode: every request, errors only, or errors plus a sample.
 * Every request passes here, so it allocates little: the start time in res.locals (a dictionary object Express makes
 * anyway), a number clock rather than a BigInt, and a 'finish' listener (one shared function, no closure) only on a
 * response whose line will be written. Whether a success is sampled is decided when the request arrives; an error
 * is caught where its status goes out, in the app's res.writeHead, through which every response's head passes
 * (Node's implicit header calls it too). A listener on every response cost each request an array for the listeners
 * and a copy of it when 'finish' was emitted.
 */
export function accessLog(
  app: Express,
  logger: Logger,
  mode: 'all' | 'errors' | 'sampled',
  sampleRate: number,
): (req: Request, res: Response) => void {
  // The line is built from an allow-list of fields whose keys are never secret, so pino's wildcard redaction has
  // nothing to find in it, and it cost 8 of the 13 µs a line takes (a token in a URL path is a value, which key-based
  // redaction would not catch either; query strings are never logged). Other log lines keep it.
  const log = logger.child({}, { redact: [] });
  function finished(this: Response) {
    const req: Request = this.req;
    const ms = performance.now() - (this.locals[STARTED] as number);
    log.info(
      {
        reqId: req.id,
        method: req.method,
        path: pathOf(req.originalUrl),
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
  // Called by the app's first layer rather than being a layer of its own: a layer costs every request a match, a
  // closure and a dispatch in the router.
  return (req, res) => {
    const incoming = req.headers['x-request-id'];
    req.id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    res.locals[STARTED] = performance.now();
    if (mode === 'all' || (mode === 'sampled' && Math.random() < sampleRate)) watch(res);
  };
}
