import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEYSTONE_TOKEN_PREFIX, generateToken } from '../lib/token-format.js';
import { ADMIN_PASSWORD, backends, startTestApp, type TestApp } from '../test-support/harness.js';

/**
 * F-3: `POST /v3/auth/tokens` with `methods:["token"]` and a wrong token was neither throttled nor summarised: 120
 * anonymous requests from one address got 120 × 401 and 120 audit rows. It now shares the per-address token-failure
 * throttle (429 after the limit, for every token-authenticated request from that address) and the unknown-token
 * audit summary (the first row at once, the repeats as one row with a count and hints).
 */
describe.each(backends)('F-3 Keystone token method: throttled and summarised (%s)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, { TESSERA_TOKEN_FAILURES_PER_MINUTE: '5', TESSERA_TRUST_PROXY: 'loopback' });
  });
  afterEach(async () => t.close());

  const byToken = (id: string, ip: string) =>
    t.http
      .post('/v3/auth/tokens')
      .set('X-Forwarded-For', ip)
      .send({ auth: { identity: { methods: ['token'], token: { id } } } });

  it('answers 429 after the limit from one address, on /v3 and on the API, and not to other addresses', async () => {
    const attacker = '203.0.113.30';
    for (let i = 0; i < 5; i++)
      expect((await byToken(generateToken(KEYSTONE_TOKEN_PREFIX), attacker)).status).toBe(401);
    const blocked = await byToken(generateToken(KEYSTONE_TOKEN_PREFIX), attacker);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body).toMatchObject({ error: { code: 429 } });
    // The same throttle as every token: the address's bearer requests are refused too.
    const api = await t.http.get('/api/whoami').set('X-Forwarded-For', attacker).set('X-Auth-Token', 'tsk_x');
    expect(api.status).toBe(429);

    // A valid Keystone token from that very address is still exchanged: only failures are refused (issue 22).
    const issued = await t.http
      .post('/v3/auth/tokens')
      .set('X-Forwarded-For', '198.51.100.32')
      .send({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'admin', password: ADMIN_PASSWORD, domain: { name: 'Default' } } },
          },
        },
      });
    expect(issued.status).toBe(201);
    expect((await byToken(issued.headers['x-subject-token'] as string, attacker)).status).toBe(201);

    // A real token from another address still works.
    const admin = await t.signIn();
    const { token } = await t.createToken(admin);
    expect(
      (await t.http.get('/api/whoami').set('X-Forwarded-For', '198.51.100.30').auth(token, { type: 'bearer' })).status,
    ).toBe(200);
    expect((await byToken(generateToken(KEYSTONE_TOKEN_PREFIX), '198.51.100.31')).status).toBe(401);
  });

  it('audits the failures of one address as the first row and one summary, with hints and never a token', async () => {
    const attacker = '203.0.113.31';
    const sent = [
      ...Array.from({ length: 3 }, () => generateToken(KEYSTONE_TOKEN_PREFIX)),
      'not-a-token-but-maybe-a-password',
    ];
    for (const id of sent) expect((await byToken(id, attacker)).status).toBe(401);
    const admin = await t.signIn();
    const res = await admin.get('/api/activity?action=keystone.token.issue');
    const items = res.body.items as { ip: string; outcome: string; details: Record<string, unknown> }[];
    expect(items).toHaveLength(2);
    for (const item of items)
      expect(item).toMatchObject({
        outcome: 'failure',
        ip: attacker,
        details: { method: 'token', reason: 'unknown_token' },
      });
    expect(items.reduce((n, i) => n + ((i.details.count as number | undefined) ?? 1), 0)).toBe(4);
    const text = JSON.stringify(res.body);
    for (const id of sent) expect(text).not.toContain(id);
    expect(text).toContain('(malformed)');
    expect(text).toMatch(/tsk_…[0-9A-Za-z]{4}/);
  });
});
