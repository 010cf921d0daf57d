import { randomInt } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Tessera } from '../app.js';
import { testConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { generateToken } from '../lib/token-format.js';
import { connectRedis, type RedisClient } from '../sessions/redis-session-store.js';
import { ADMIN_PASSWORD, LogCapture, SAME_ORIGIN, openTestStore, type TestStore } from '../test-support/harness.js';
import { startTcpProxy, type TcpProxy } from '../test-support/tcp-proxy.js';
import { redisTokenFailures } from './redis-token-failures.js';
import { TokenFailureThrottle } from './token-failure-throttle.js';

const redisUrl = process.env.TEST_REDIS_URL;
// A prefix of this run only: the Redis is shared with other runs.
const PREFIX = `tessera-test-${randomInt(0, 1_000_000_000)}:tokenfail:`;

describe.skipIf(!redisUrl)('the token-failure budget in Redis', () => {
  let direct: RedisClient;
  let proxy: TcpProxy;
  let proxied: RedisClient;

  beforeAll(async () => {
    direct = await connectRedis(redisUrl!, () => {});
    const target = new URL(redisUrl!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    proxied = await connectRedis(proxy.rewrite(redisUrl!), () => {});
  });
  afterAll(async () => {
    for await (const keys of direct.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 1000 }))
      if (keys.length > 0) await direct.del(keys);
    await proxied?.close().catch(() => proxied.destroy());
    await proxy?.close();
    await direct?.close();
  });

  it('is one budget for two processes: the fourth failure of three allowed is refused wherever it lands', async () => {
    const a = new TokenFailureThrottle(3, { shared: redisTokenFailures(direct, { prefix: PREFIX }) });
    const b = new TokenFailureThrottle(3, { shared: redisTokenFailures(direct, { prefix: PREFIX }) });
    const ip = '192.0.2.1';
    expect([await a.recordFailure(ip), await b.recordFailure(ip), await a.recordFailure(ip)]).toEqual([0, 0, 0]);
    const wait = await b.recordFailure(ip);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await direct.pTTL(PREFIX + ip)).toBeGreaterThan(0);
    await a.reset(ip);
    expect(await b.recordFailure(ip)).toBe(0);
  });

  it('counts in memory while Redis is frozen or gone, never waiting past the deadline, and in Redis once back', async () => {
    const shared = redisTokenFailures(proxied, { prefix: PREFIX, timeoutMs: 300 });
    const th = new TokenFailureThrottle(2, { shared, sharedRetryMs: 500 });
    const ip = '192.0.2.2';
    expect(await th.recordFailure(ip)).toBe(0);
    expect(await direct.get(PREFIX + ip)).toBe('1');

    proxy.freeze();
    let started = Date.now();
    // In memory from here: this process's own count starts at one.
    expect(await th.recordFailure(ip)).toBe(0);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await th.recordFailure(ip)).toBe(0);
    expect(await th.recordFailure(ip)).toBeGreaterThan(0);

    proxy.cut();
    await new Promise((r) => setTimeout(r, 600));
    started = Date.now();
    expect(await th.recordFailure(ip)).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(1500);

    proxy.heal();
    // The client reconnects by itself; until it has, failures are still counted in memory.
    const deadline = Date.now() + 10_000;
    while (!proxied.isReady && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 600));
    const other = '192.0.2.3';
    expect(await th.recordFailure(other)).toBe(0);
    expect(await direct.get(PREFIX + other)).toBe('1');
  });
});

describe.skipIf(!redisUrl)('token failures over HTTP while Redis is unreachable', () => {
  let ts: TestStore;
  let app: Tessera;
  let proxy: TcpProxy;
  let client: RedisClient;
  let token: string;

  beforeAll(async () => {
    ts = await openTestStore('sqlite');
    const target = new URL(redisUrl!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    client = await connectRedis(proxy.rewrite(redisUrl!), () => {});
    const config = testConfig({
      TESSERA_DATA_DIR: ts.dataDir,
      TESSERA_TOKEN_FAILURES_PER_MINUTE: '3',
      TESSERA_TRUST_PROXY: 'loopback',
    });
    app = createApp({
      config,
      store: ts.store,
      logger: createLogger(config.logLevel, new LogCapture()),
      sessionSecret: 'test-session-secret-that-is-long-enough',
      tokenFailureCounter: redisTokenFailures(client, { prefix: PREFIX, timeoutMs: 300 }),
    });
    await app.services.users.ensureInitialAdmin(ADMIN_PASSWORD, () => 'unused');
    const admin = request.agent(app.app);
    await admin.post('/api/session').set(SAME_ORIGIN).send({ username: 'admin', password: ADMIN_PASSWORD });
    token = (await admin.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).send({ description: 'x' })).body.token;
  });
  afterAll(async () => {
    await app?.shutdown();
    await client?.close().catch(() => client.destroy());
    await proxy?.close();
    await ts?.cleanup();
  });

  const whoami = (credential: string, ip: string) =>
    request(app.app).get('/api/whoami').set('X-Forwarded-For', ip).auth(credential, { type: 'bearer' });

  it('answers failures 401 then 429 from memory, promptly, and valid tokens 200, when Redis hangs or is gone', async () => {
    proxy.freeze();
    const ip = '198.51.100.60';
    const started = Date.now();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await whoami(generateToken(), ip)).status);
    expect(answers).toEqual([401, 401, 401, 429]);
    expect((await whoami(token, ip)).status).toBe(200);
    proxy.cut();
    const wrong = await whoami(generateToken(), ip);
    expect(wrong.status).toBe(429);
    expect(Number(wrong.headers['retry-after'])).toBeGreaterThan(0);
    expect((await whoami(token, ip)).status).toBe(200);
    // One deadline at most (300 ms), then memory for five seconds: never a wait per request.
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
