import type { ErrorRequestHandler, Response } from 'express';
import { classifyError } from '../http/error-classifier.js';

/** Error codes of RFC 6749 §5.2, RFC 6750 §3.1 and RFC 7009 §2.2.1. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'unsupported_token_type';

export const CLIENT_REALM = 'Basic realm="tessera", charset="UTF-8"';

/** An OAuth error response: `{ error, error_description }` as the RFCs define it, not problem+json. */
export class OAuthError extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    readonly code: OAuthErrorCode,
    // RFC 6749 limits error_description to printable ASCII without '"' and '\'.
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

export const invalidRequest = (d: string) => new OAuthError(400, 'invalid_request', d);
export const invalidClient = (d = 'Client authentication failed.') =>
  new OAuthError(401, 'invalid_client', d, { 'WWW-Authenticate': CLIENT_REALM });

export const noStore = (res: Response) => res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });

/** Turns OAuth errors and body-parser failures on the /oauth2 endpoints into RFC 6749 §5.2 answers. */
export const oauthErrorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) return next(err);
  let e: OAuthError | undefined;
  if (err instanceof OAuthError) e = err;
  else {
    // What the classifier calls a 4xx (bar 429, which keeps its Retry-After problem) is an unreadable request here.
    const { status } = classifyError(err);
    if (status >= 400 && status < 500 && status !== 429) {
      e = invalidRequest('The request body could not be read as application/x-www-form-urlencoded.');
    }
  }
  if (!e) return next(err);
  noStore(res).set(e.headers).status(e.status).json({ error: e.code, error_description: e.description });
};
