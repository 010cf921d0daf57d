import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Tessera } from '../app.js';
import { openBackends, type Backends } from '../backends.js';
import { testConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { connectRedis, type RedisClient } from '../sessions/redis-session-store.js';
import { LogCapture, backends } from '../test-support/harness.js';
import { TestBrowser } from '../test-support/oidc-browser.js';
import { CALLBACK_PATH, startOidcTestbed, type OidcTestbed } from '../test-support/oidc-testbed.js';

// Addresses of this run only (a Redis may be shared with other runs), in 198.18.0.0/15 (benchmarking range).
const run = randomInt(0, 16_000);
const address = (n: number) => `198.${18 + (run >> 14)}.${(run >> 8) & 63}.${(run + n) & 255}`;

/** The audited OIDC refusals from one address. */
async function refusalsFrom(app: Tessera, ip: string) {
  const page = await app.services.audit.list({ action: 'session.sign_in', limit: 200 });
  return page.events.filter((e) => e.outcome === 'failure' && e.ip === ip && e.details?.method === 'oidc');
}

function expectTooMany(res: { status: number; headers: Record<string, string>; body: { code?: string } }) {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe('too_many_requests');
  const wait = Number(res.headers['retry-after']);
  expect(wait).toBeGreaterThan(0);
  expect(wait).toBeLessThanOrEqual(60);
}

// The start and the callback are limited per client address (oidc/attempt-limit.ts), against the real provider.
describe.each(backends)('OpenID Connect sign-in attempts per address (%s)', (kind) => {
  let bed: OidcTestbed;
  beforeAll(async () => {
    bed = await startOidcTestbed(
      kind,
      { 'alice-sub': { preferred_username: 'alice' } },
      { TESSERA_OIDC_ATTEMPTS_PER_MINUTE: '4', TESSERA_TRUST_PROXY: 'loopback' },
    );
  });
  afterAll(async () => {
    await bed?.close();
  });

  const browserAt = (ip: string) => new TestBrowser({ 'X-Forwarded-For': ip });
  const json = async (res: Response) => ({
    status: res.status,
    headers: Object.fromEntries(res.headers),
    body: (await res.json()) as { code?: string },
  });

  it('counts starts and refused answers, not sign-ins; past the limit 429 with Retry-After, nothing audited', async () => {
    const ip = address(1);
    // Two whole sign-ins: their starts count, their answers do not (else the second refusal below would be the 5th).
    for (let i = 0; i < 2; i++) {
      const browser = browserAt(ip);
      const page = await browser.follow(`${bed.url}/api/session/oidc/start`);
      const answer = await browser.logIn(page, 'alice-sub', (next) => next.origin === bed.url);
      expect((await browser.request(answer.url.href)).headers.get('location')).toBe('/');
    }
    // Two refused answers (no sign-in under way in that browser): counted, and audited.
    for (let i = 0; i < 2; i++) {
      const refused = await browserAt(ip).request(`${bed.url}${CALLBACK_PATH}?code=c&state=s`);
      expect(refused.headers.get('location')).toBe('/signin?error=oidc_state');
    }
    expect(await refusalsFrom(bed.t.tessera, ip)).toHaveLength(2);

    // The fifth attempt: refused before the route, for a browser and a program alike.
    const start = await browserAt(ip).request(`${bed.url}/api/session/oidc/start`);
    expectTooMany(await json(start));
    const callback = await browserAt(ip).request(`${bed.url}${CALLBACK_PATH}?code=c&state=s`, {
      headers: { Accept: 'application/json' },
    });
    expectTooMany(await json(callback));
    // A throttled answer is neither audited nor sent to the provider.
    expect(await refusalsFrom(bed.t.tessera, ip)).toHaveLength(2);

    // Another address has its own attempts.
    const other = await browserAt(address(2)).request(`${bed.url}/api/session/oidc/start`);
    expect(other.status).toBe(302);
    expect(new URL(other.headers.get('location')!).origin).toBe(bed.op.issuer);
  });
});

/** A loopback port nobody listens on: every call to the "provider" is refused at once (503 oidc_unavailable). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const redisUrl = process.env.TEST_REDIS_URL;

/**
 * The attempts in memory (no REDIS_URL), and in Redis counted once for two replicas; with the provider away, whose
 * 503 (a browser's 303) is not the client's attempt.
 */
const counters: [string, string | undefined][] = [
  ['in memory', undefined],
  // Only where a Redis is at hand (TEST_REDIS_URL), as the other Redis tests.
  ...(redisUrl ? [['in Redis, shared by two replicas', redisUrl] as [string, string]] : []),
];
describe.each(counters)('OpenID Connect sign-in attempts counted %s', (_name, redis) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-oidc-limit-'));
  const ip = address(redis ? 3 : 4);
  let stores: Backends;
  let a: Tessera;
  let b: Tessera;
  let client: RedisClient | undefined;

  beforeAll(async () => {
    const config = testConfig({
      TESSERA_DATA_DIR: dataDir,
      ...(redis ? { REDIS_URL: redis } : {}),
      TESSERA_TRUST_PROXY: 'loopback',
      TESSERA_OIDC_ISSUER: `http://127.0.0.1:${await closedPort()}`,
      TESSERA_OIDC_CLIENT_ID: 'tessera',
      TESSERA_OIDC_CLIENT_SECRET: 'unused-secret',
      TESSERA_OIDC_ATTEMPTS_PER_MINUTE: '3',
    });
    const logger = createLogger(config.logLevel, new LogCapture());
    stores = await openBackends(config, logger);
    const deps = { config, logger, sessionSecret: 'shared-session-secret-for-both-replicas', ...stores };
    a = createApp(deps);
    // Without Redis each replica counts for itself: one app is the whole story.
    b = redis ? createApp(deps) : a;
    if (redis) client = await connectRedis(redis, () => {});
  });
  afterAll(async () => {
    await client?.del([`tessera:signin:oidc:${ip}`]);
    await client?.close();
    if (b !== a) await b?.shutdown();
    await a?.shutdown();
    await stores?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const start = (app: Tessera, accept: string) =>
    request(app.app).get('/api/session/oidc/start').set('X-Forwarded-For', ip).set('Accept', accept);
  const callback = (app: Tessera, from = ip) =>
    request(app.app).get(`${CALLBACK_PATH}?code=c&state=s`).set('X-Forwarded-For', from).set('Accept', 'text/html');

  it('counts refusals on either replica, not the provider being away', async () => {
    for (let i = 0; i < 4; i++) {
      expect((await start(i % 2 ? b : a, 'application/json')).status).toBe(503);
      expect((await start(i % 2 ? a : b, 'text/html')).headers.location).toBe('/signin?error=oidc_unavailable');
    }
    for (const app of [a, b, a]) expect((await callback(app)).headers.location).toBe('/signin?error=oidc_state');
    expectTooMany(await callback(b));
    expectTooMany(await start(a, 'application/json'));
    if (client) expect(await client.get(`tessera:signin:oidc:${ip}`)).toBe('3');
    // Three refusals audited; the 503s and the 429s not.
    expect(await refusalsFrom(a, ip)).toHaveLength(3);
    expect((await callback(a, address(5))).headers.location).toBe('/signin?error=oidc_state');
  });
});
