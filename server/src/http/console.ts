import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { consoleHeaders } from './security-headers.js';

/** Serves the built console and answers deep links (e.g. /settings/auth-tokens) with its index page. */
export function consoleRouter(webDist: string): Router {
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
  r.get('/{*path}', (_req, res) => {
    const html = page();
    res.setHeader('Cache-Control', 'no-cache');
    if (!html) {
      res
        .status(503)
        .type('text/plain')
        .send('The console has not been built. Run `npm run build` (or `npm start`, which builds it).');
      return;
    }
    res.type('html').send(html.replaceAll('__CSP_NONCE__', res.locals.cspNonce as string));
  });
  return r;
}
