import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { hasTokenHeader } from './credentials.js';
import { consoleHeaders } from './security-headers.js';

/** The id the console reads its start-up data from (web/src/lib/bootstrap.ts). */
export const BOOTSTRAP_ELEMENT_ID = 'tessera-bootstrap';

/** What the page starts with, for this request; undefined leaves it out and the console asks the API instead. */
export type ConsoleBootstrap = (req: Request, res: Response) => Promise<unknown>;

/**
 * JSON safe inside `<script type="application/json">`: `<`, `>` and `&` are escaped, so no value (a display name
 * such as `</script><script>…`) can close the element or open a comment; U+2028/2029 for old JavaScript parsers.
 */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The session (GET /api/session's answer, or null) and the deployment's features, read from the request's session
 * cookie; a request with a token header is a program's, never a signed-in page. A failure leaves the data out.
 */
export function consoleBootstrap(deps: {
  authenticate: RequestHandler;
  currentSession: (req: Request) => Promise<unknown>;
  features: readonly string[];
  /** The ways of signing in (GET /api/features' `signIn`). */
  signIn: unknown;
}): ConsoleBootstrap {
  const { features, signIn } = deps;
  return async (req, res) => {
    try {
      if (hasTokenHeader(req)) return { session: null, features, signIn };
      await new Promise<void>((resolve, reject) =>
        deps.authenticate(req, res, (err?: unknown) => (err ? reject(err) : resolve())),
      );
      return { session: (await deps.currentSession(req)) ?? null, features, signIn };
    } catch {
      return undefined; // the console asks GET /api/session itself, and shows its error the usual way
    }
  };
}

/** Whether the request asks for JSON (or problem+json) rather than HTML; any-type or no Accept header gets the page. */
export function prefersJson(req: Request): boolean {
  const best = req.accepts(['html', 'json', 'application/problem+json']);
  return best === 'json' || best === 'application/problem+json';
}

/** Serves the built console and answers deep links (e.g. /settings/auth-tokens) with its index page. */
export function consoleRouter(webDist: string, bootstrap?: ConsoleBootstrap): Router {
  const r = Router();
  r.use(consoleHeaders());
  const indexFile = path.join(webDist, 'index.html');
  let template: string | undefined;
  let templateMtime = 0;
  // Re-read after a rebuild, so a running server never points at asset files that are gone.
  const page = () => {
    const stat = fs.statSync(indexFile, { throwIfNoEntry: false });
    if (!stat) return undefined;
    if (template === undefined || stat.mtimeMs !== templateMtime) {
      template = fs.readFileSync(indexFile, 'utf8');
      templateMtime = stat.mtimeMs;
    }
    return template;
  };
  r.use(
    '/assets',
    express.static(path.join(webDist, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }),
  );
  r.use(express.static(webDist, { index: false }));
  r.get('/{*path}', async (req, res, next) => {
    // A program asking for JSON gets the API's 404, not a page (a browser's Accept prefers text/html).
    if (prefersJson(req)) return next();
    const html = page();
    // The page carries this visitor's session: made for this request, never kept by the browser or a shared cache.
    res.setHeader('Cache-Control', 'no-store');
    if (!html) {
      res
        .status(503)
        .type('text/plain')
        .send('The console has not been built. Run `npm run build` (or `npm start`, which builds it).');
      return;
    }
    const data = bootstrap ? await bootstrap(req, res) : undefined;
    let body = html.replaceAll('__CSP_NONCE__', res.locals.cspNonce as string);
    if (data !== undefined) {
      const script = `<script type="application/json" id="${BOOTSTRAP_ELEMENT_ID}">${inlineJson(data)}</script>`;
      // A function, not a string: `$&` or `$'` in a display name must not be read as a replacement pattern.
      body = body.replace('</head>', () => `${script}</head>`);
    }
    res.type('html').send(body);
  });
  return r;
}
