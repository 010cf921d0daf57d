import type { Express, Response } from 'express';

const JSON_TYPE = 'application/json; charset=utf-8';
const HAS_CHARSET = /;\s*charset=/i;

/**
 * The app's res.json, writing what Express's would (no validators, no JSON settings); the uncommon cases go to
 * Express's own. Why: docs/decisions/0004-performance-deviations.md §1.
 */
export function useDirectJson(app: Express): void {
  const expressJson = app.response.json;
  app.response.json = function json(this: Response, body: unknown) {
    const text = JSON.stringify(body) as string | undefined;
    const status = this.statusCode;
    if (
      text === undefined ||
      status === 204 ||
      status === 205 ||
      status === 304 ||
      this.getHeader('Transfer-Encoding') !== undefined
    )
      return expressJson.call(this, body);
    endWithJson(this, text);
    return this;
  };
}

/**
 * Ends a response (status set, no body written yet) with JSON text, as res.send would: JSON's Content-Type unless
 * the caller chose a JSON type (problem+json, JSON:API), always with the charset; the length; no body for HEAD.
 */
export function endWithJson(res: Response, text: string): void {
  const type = res.getHeader('Content-Type');
  if (type === undefined) res.setHeader('Content-Type', JSON_TYPE);
  else if (typeof type === 'string' && !HAS_CHARSET.test(type)) res.setHeader('Content-Type', `${type}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  if (res.req.method === 'HEAD') res.end();
  else res.end(text);
}
