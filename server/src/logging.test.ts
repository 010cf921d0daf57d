import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from './lib/ids.js';
import { createLogger, isoTime } from './logger.js';
import {
  ADMIN_PASSWORD,
  LogCapture,
  SAME_ORIGIN,
  backends,
  startTestApp,
  type TestApp,
} from './test-support/harness.js';

describe('log timestamps', () => {
  it('are pino’s ISO time, made anew when the millisecond changes', () => {
    vi.useFakeTimers();
    try {
      for (const at of [Date.UTC(2026, 10, 30, 12), Date.UTC(2026, 10, 30, 12) + 1, Date.UTC(2027, 0, 1)]) {
        vi.setSystemTime(at);
        expect(isoTime()).toBe(pino.stdTimeFunctions.isoTime());
        expect(isoTime()).toBe(`,"time":"${new Date(at).toISOString()}"`);
      }
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('logger redaction', () => {
  it('blanks credential headers and password, token and secret fields wherever they are logged', () => {
    const out = new LogCapture();
    const logger = createLogger('info', out);
    logger.info(
      {
        req: {
          headers: {
            authorization: 'Bearer leak-authorization',
            cookie: 'tessera.sid=leak-cookie',
            'x-auth-token': 'leak-x-auth-token',
            'x-subject-token': 'leak-x-subject-token',
          },
        },
        res: { headers: { 'set-cookie': 'tessera.sid=leak-set-cookie', 'x-subject-token': 'leak-subject-out' } },
        password: 'leak-password',
        body: { password: 'leak-nested-password', newPassword: 'leak-new-password', client_secret: 'leak-cs' },
        input: { user: { password: 'leak-deep-password' } },
        token: 'leak-token',
        secret: 'leak-secret',
        id_token: 'leak-id-token',
        tokens: { id_token: 'leak-nested-id-token' },
        verified: { idToken: 'leak-verified-id-token' },
        params: { id_token_hint: 'leak-hint' },
        session: { oidcSealedIdToken: 'leak-sealed-id-token' },
        keep: 'visible',
      },
      'something happened',
    );
    expect(out.lines).toHaveLength(1);
    expect(out.text).not.toContain('leak-');
    expect(out.text).toContain('[redacted]');
    expect(out.text).toContain('visible');
  });
});

describe.each(backends)('request log (%s)', (kind) => {
  let t: TestApp;
  const token = { value: '' };
  beforeAll(async () => {
    t = await startTestApp(kind);
    const agent = await t.signIn();
    token.value = (await t.createToken(agent)).token;
  });
  afterAll(async () => t.close());

  it('writes one line per request with method, path and status, and no credential or password', async () => {
    const before = t.logs.lines.length;
    const basic = `Basic ${Buffer.from(`admin:${token.value}`).toString('base64')}`;
    const signIn = await t.http
      .post('/api/session')
      .set(SAME_ORIGIN)
      .send({ username: 'admin', password: ADMIN_PASSWORD });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const cookieValue = cookie.split('=')[1]!;
    await t.http.get('/api/whoami').set('Authorization', `Bearer ${token.value}`);
    await t.http.get('/api/whoami').set('X-Auth-Token', token.value);
    await t.http.get('/api/whoami').set('Authorization', basic);
    await t.http.get('/api/whoami').set('Cookie', cookie);
    await t.http.get('/api/whoami').set('Authorization', 'Bearer tsr_a-refused-secret-value');
    await t.http.get(`/api/whoami?access_token=${token.value}&password=query-password-leak`);
    await t.http.post('/api/session').set(SAME_ORIGIN).send({ username: 'admin', password: 'wrong-password-leak-1' });
    await t.http
      .patch(`/api/users/${newId()}`)
      .set('Cookie', cookie)
      .set(SAME_ORIGIN)
      .send({ password: 'patched-password-leak-1' });

    const lines = t.logs.lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(9);
    expect(requests[1]).toMatchObject({ method: 'GET', path: '/api/whoami', status: 200, auth: 'auth-token' });
    expect(requests.find((r) => String(r.path).startsWith('/api/whoami') && r.status === 401)).toBeTruthy();

    const text = t.logs.lines.slice(before).join('\n');
    for (const leak of [
      token.value,
      basic.slice(6),
      cookieValue,
      decodeURIComponent(cookieValue),
      'a-refused-secret-value',
      'query-password-leak',
      ADMIN_PASSWORD,
      'wrong-password-leak-1',
      'patched-password-leak-1',
    ]) {
      expect(text).not.toContain(leak);
    }
    expect(text).not.toMatch(/authorization|x-auth-token|"cookie"/i);
  });

  it('keeps a safe client request id and replaces an unsafe one', async () => {
    const ok = await t.http.get('/api/health').set('X-Request-Id', 'abc-123');
    expect(ok.headers['x-request-id']).toBe('abc-123');
    for (const unsafe of ['has spaces "and quotes" injected', `injected${'x'.repeat(100)}`]) {
      const bad = await t.http.get('/api/health').set('X-Request-Id', unsafe);
      expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(t.logs.text).not.toContain('injected');
  });
});

describe('request log modes', () => {
  /** The request lines a sequence of requests wrote, as "METHOD path status". */
  async function linesFor(env: Record<string, string>): Promise<string[]> {
    const t = await startTestApp('sqlite', env);
    try {
      const agent = await t.signIn();
      const { token } = await t.createToken(agent);
      const before = t.logs.lines.length;
      await t.http.get('/api/health').expect(200);
      await t.http.get('/api/whoami').set('Authorization', `Bearer ${token}`).expect(200);
      // Refused by the entry layer, by the route itself, by the final not-found handler and by Keystone's own errors.
      await t.http.get('/api/whoami').set('Authorization', 'Bearer tsr_not-a-real-token').expect(401);
      await t.http.get('/api/whoami').expect(401);
      await t.http.get('/no-such-page').expect(404);
      await t.http.post('/v3/auth/tokens').send({ auth: {} }).expect(400);
      return t.logs.lines
        .slice(before)
        .map((l) => JSON.parse(l) as { msg: string; method: string; path: string; status: number })
        .filter((l) => l.msg === 'request')
        .map((l) => `${l.method} ${l.path} ${l.status}`);
    } finally {
      await t.close();
    }
  }
  const errors = ['GET /api/whoami 401', 'GET /api/whoami 401', 'GET /no-such-page 404', 'POST /v3/auth/tokens 400'];

  it('errors: every error and no success', async () => {
    expect(await linesFor({ TESSERA_ACCESS_LOG: 'errors' })).toEqual(errors);
  });

  it('sampled: every error, and the share of successes asked for', async () => {
    expect(await linesFor({ TESSERA_ACCESS_LOG: 'sampled', TESSERA_ACCESS_LOG_SAMPLE_RATE: '0' })).toEqual(errors);
    expect(await linesFor({ TESSERA_ACCESS_LOG: 'sampled', TESSERA_ACCESS_LOG_SAMPLE_RATE: '1' })).toEqual([
      'GET /api/health 200',
      'GET /api/whoami 200',
      ...errors,
    ]);
  });

  it('all: every request, once', async () => {
    expect(await linesFor({ TESSERA_ACCESS_LOG: 'all' })).toEqual([
      'GET /api/health 200',
      'GET /api/whoami 200',
      ...errors,
    ]);
  });
});
