import type { Response } from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitInWords } from '../errors.js';
import { generateToken } from '../lib/token-format.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';

/** Retry-After as RFC 9110 delay-seconds: a positive whole number, the same the problem's `retryAfter` says. */
function expectRetryAfter(res: Response, what: string): number {
  expect(res.status, what).toBe(429);
  const header = res.headers['retry-after'];
  expect(header, what).toMatch(/^[1-9]\d*$/);
  return Number(header);
}

describe('waitInWords', () => {
  it('says a wait as people do, never shorter than it is', () => {
    expect([0.2, 30, 59.2, 60, 61, 736, 7140, 7141, 9000].map(waitInWords)).toEqual([
      '1 second',
      '30 seconds',
      '1 minute',
      '1 minute',
      '2 minutes',
      '13 minutes',
      '119 minutes',
      'about 2 hours',
      'about 3 hours',
    ]);
  });
});

// Every 429 the server sends, on every surface, says when to come back.
describe.each(backends)('429 answers carry Retry-After (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, {
      TESSERA_SIGN_IN_MAX_FAILURES: '2',
      TESSERA_TOKEN_FAILURES_PER_MINUTE: '2',
      TESSERA_TRUST_PROXY: 'loopback',
    });
    await t.createUser('alice');
  });
  afterEach(async () => t.close());

  it('on the console sign-in, within the throttle window', async () => {
    const attempt = () =>
      t.http
        .post('/api/session')
        .set(SAME_ORIGIN)
        .set('X-Forwarded-For', '198.51.100.1')
        .send({ username: 'alice', password: 'not-the-password' });
    for (let i = 0; i < 2; i++) expect((await attempt()).status).toBe(401);
    const res = await attempt();
    const seconds = expectRetryAfter(res, 'sign-in');
    expect(seconds).toBeLessThanOrEqual(15 * 60);
    expect(res.body).toMatchObject({ code: 'too_many_requests', retryAfter: seconds });
    // The detail says when, in words, from the same number: "… Try again in 15 minutes."
    expect(res.body.detail).toBe(`Too many failed sign-in attempts. Try again in ${waitInWords(seconds)}.`);
    expect(waitInWords(seconds)).toMatch(/^\d+ minutes?$/);
  });

  it('on Keystone password authentication, in Keystone’s format', async () => {
    const password = (p: string) => ({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'alice', password: p, domain: { name: 'Default' } } },
        },
      },
    });
    const attempt = () =>
      t.http.post('/v3/auth/tokens').set('X-Forwarded-For', '198.51.100.2').send(password('not-the-password'));
    for (let i = 0; i < 2; i++) expect((await attempt()).status).toBe(401);
    const res = await attempt();
    expectRetryAfter(res, 'keystone');
    expect(res.body).toMatchObject({ error: { code: 429, title: 'Too Many Requests' } });
  });

  it('after repeated token failures from one address, on /api, GoodData and Keystone alike', async () => {
    const from = '198.51.100.3';
    for (let i = 0; i < 3; i++)
      await t.http.get('/api/whoami').set('X-Forwarded-For', from).set('Authorization', `Bearer ${generateToken()}`);
    const native = await t.http
      .get('/api/whoami')
      .set('X-Forwarded-For', from)
      .set('Authorization', `SSWS ${generateToken()}`);
    expectRetryAfter(native, '/api');
    expect(native.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(native.body.retryAfter).toBe(Number(native.headers['retry-after']));

    const gooddata = await t.http
      .get('/api/v1/entities/users/alice/apiTokens')
      .set('X-Forwarded-For', from)
      .set('Authorization', `Bearer ${generateToken()}`);
    expectRetryAfter(gooddata, 'GoodData');
    expect(JSON.parse(gooddata.text)).toMatchObject({ errors: [{ status: '429' }] });

    const keystone = await t.http
      .get('/v3/auth/tokens')
      .set('X-Forwarded-For', from)
      .set('X-Auth-Token', generateToken())
      .set('X-Subject-Token', 'anything');
    expectRetryAfter(keystone, 'Keystone');
    expect(keystone.body).toMatchObject({ error: { code: 429 } });
  });
});
