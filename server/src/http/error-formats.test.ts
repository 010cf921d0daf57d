import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { keystoneErrors } from '../keystone/errors.js';
import { gooddataErrors } from '../gooddata/router.js';
import { OAuthError, invalidClient, oauthErrorHandler } from '../oauth2/oauth-errors.js';
import { LogCapture } from '../test-support/harness.js';
import {
  AppError,
  Conflict,
  Forbidden,
  Invalid,
  NotFound,
  PolicyViolation,
  TooManyRequests,
  Unauthenticated,
  errorHandler,
} from './errors.js';

const logger = createLogger('silent', new LogCapture());
/** What body-parser throws (http-errors with a type). */
const framing = (status: number, type?: string) => Object.assign(new Error(`framing ${type}`), { status, type });

const ERRORS: [string, () => unknown][] = [
  ['Invalid with field errors', () => new Invalid('Bad fields.', [{ path: 'name', message: 'is required' }])],
  ['Invalid without field errors', () => new Invalid('Bad request body.')],
  ['Unauthenticated', () => new Unauthenticated()],
  ['Unauthenticated with a challenge', () => new Unauthenticated('Nope.', 'Bearer realm="tessera", error="x"')],
  ['Forbidden', () => new Forbidden()],
  ['Forbidden with a code', () => new Forbidden('Cross-site.', 'cross_site_request')],
  ['NotFound', () => new NotFound()],
  ['Conflict', () => new Conflict('Taken.', 'username_taken')],
  ['PolicyViolation', () => new PolicyViolation('Too long.', 'expiry_too_far')],
  ['TooManyRequests', () => new TooManyRequests(30)],
  ['an AppError of its own', () => new AppError(401, 'unauthenticated', 'Unauthorized', 'Only "Default".')],
  ['an OAuth error', () => invalidClient()],
  ['an OAuth error without headers', () => new OAuthError(400, 'invalid_scope', 'No such scope.')],
  ['malformed JSON', () => framing(400, 'entity.parse.failed')],
  ['a body too large', () => framing(413, 'entity.too.large')],
  ['an unsupported encoding', () => framing(415, 'encoding.unsupported')],
  ['an unsupported charset', () => framing(415, 'charset.unsupported')],
  ['another 4xx', () => framing(405)],
  ['a 429 from elsewhere', () => framing(429)],
  ['a bug', () => new Error('secret internals')],
];

const FORMATS: [string, ErrorRequestHandler][] = [
  ['problem+json', errorHandler(logger)],
  ['OAuth', oauthErrorHandler],
  ['Keystone', keystoneErrors(logger)],
  ['JSON:API', gooddataErrors(logger)],
];

/** The wire answer of `handler` to `err`; a handler that passes the error on answers "passed on". */
async function answer(handler: ErrorRequestHandler, err: unknown) {
  const app = express();
  app.get('/x', () => {
    throw err;
  });
  app.use(handler);
  app.use(((_e, _req, res, _next) => void res.status(599).send('passed on')) as ErrorRequestHandler);
  const res = await request(app).get('/x');
  const headers = Object.fromEntries(
    ['content-type', 'www-authenticate', 'retry-after', 'cache-control', 'pragma', 'content-length']
      .filter((h) => res.headers[h] !== undefined)
      .map((h) => [h, res.headers[h] as string]),
  );
  return { status: res.status, headers, body: res.text };
}

// The wire formats are a contract with clients: this pins every renderer's answer to every kind of error.
describe.each(FORMATS)('the %s error format', (_format, handler) => {
  it.each(ERRORS)('answers %s as before', async (_label, make) => {
    expect(await answer(handler, make())).toMatchSnapshot();
  });
});
