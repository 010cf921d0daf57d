import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { isSecure } from './client.js';

// API responses carry no markup: one precomputed header set instead of helmet's per-request work.
const API_HEADERS: [string, string][] = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cache-Control', 'no-store'],
];
const HSTS = 'max-age=31536000; includeSubDomains';

export function setApiHeaders(req: Request, res: Response): void {
  for (const [k, v] of API_HEADERS) res.setHeader(k, v);
  if (isSecure(req)) res.setHeader('Strict-Transport-Security', HSTS);
}

export const apiHeaders: RequestHandler = (req, res, next) => {
  setApiHeaders(req, res);
  next();
};

/** The console's pages: helmet with a strict CSP (no unsafe-inline, no unsafe-eval) and a per-response style nonce. */
export function consoleHeaders(): RequestHandler[] {
  return [
    (req, res, next) => {
      res.locals.cspNonce = randomBytes(16).toString('base64');
      if (isSecure(req)) res.setHeader('Strict-Transport-Security', HSTS);
      next();
    },
    helmet({
      strictTransportSecurity: false,
      // Matches frame-ancestors 'none' for browsers that only know the legacy header.
      xFrameOptions: { action: 'deny' },
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: [
            "'self'",
            (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`,
          ],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  ];
}
