import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Tessera } from '../app.js';
import { openBackends, type Backends } from '../backends.js';
import { testConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { connectRedis, type RedisClient } from '../sessions/redis-session-store.js';
import { ADMIN_PASSWORD, LogCapture, SAME_ORIGIN } from '../test-support/harness.js';
import { startTcpProxy } from '../test-support/tcp-proxy.js';
import { redisCounters } from './redis-sign-in-counters.js';

const redisUrl = process.env.TEST_REDIS_URL;
const SECRET = 'shared-session-secret-for-both-replicas';
// Addresses of this run only (the Redis is shared with other runs): 100.64.0.0/10, as no test elsewhere uses it.
const run = randomInt(0, 16_000);
const address = (n: number) => `100.${64 + (run >> 8)}.${run & 255}.${n}`;

/** Two apps over one store and one Redis, opened the way main.ts opens them: two replicas in one process. */
describe.skipIf(!redisUrl)('the sign-in throttle in Redis (REDIS_URL)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-redis-throttle-'));
  let backends: Backends;
  let a: Tessera;
  let b: Tessera;
  let redis: RedisClient;
  const logs = new LogCapture();

  beforeAll(async () => {
    const config = testConfig({
      TESSERA_DATA_DIR: dataDir,
      REDIS_URL: redisUrl!,
      TESSERA_LOG_LEVEL: 'info',
      TESSERA_SIGN_IN_MAX_FAILURES: '3',
      TESSERA_TRUST_PROXY: 'loopback',
    });
    const logger = createLogger(config.logLevel, logs);
    backends = await openBackends(config, logger);
    expect(backends.signInCounters).toBeDefined();
    const deps = { config, logger, sessionSecret: SECRET, ...backends };
    a = createApp(deps);
    b = createApp(deps);
    await a.services.users.ensureInitialAdmin(ADMIN_PASSWORD, () => 'unused');
    redis = await connectRedis(redisUrl!, () => {});
  });
  afterAll(async () => {
    // Leave nothing of this run behind in a Redis that other runs share.
    for await (const keys of redis.scanIterator({ MATCH: `tessera:signin:*${address(0).slice(0, -1)}*`, COUNT: 1000 }))
      if (keys.length > 0) await redis.del(keys);
    const members = await redis.zRange('tessera:signin:locks', 0, -1);
    const mine = members.filter((m) => m.includes(address(0).slice(0, -1)));
    if (mine.length > 0) await redis.zRem('tessera:signin:locks', mine);
    const users = (await backends?.store.users.list({ limit: 100 }))?.users ?? [];
    for (const u of users) await backends.sessionRevocation.revokeAllOf(u.id);
    await a?.shutdown();
    await b?.shutdown();
    await backends?.close();
    await redis?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = (app: Tessera, username: string, password: string, ip: string) =>
    request(app.app).post('/api/session').set(SAME_ORIGIN).set('X-Forwarded-For', ip).send({ username, password });
  const adminOn = async (app: Tessera) => {
    const agent = request.agent(app.app);
    expect(
      (await agent.post('/api/session').set(SAME_ORIGIN).send({ username: 'admin', password: ADMIN_PASSWORD })).status,
    ).toBe(200);
    return agent;
  };

  it('counts failures on every replica together, and both see the lockout and the unlock', async () => {
    const admin = await adminOn(a);
    const created = await admin
      .post('/api/users')
      .set(SAME_ORIGIN)
      .send({ username: 'erin', password: 'erin-long-password' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const ip = address(1);
    expect((await signIn(a, 'erin', 'wrong-password-here', ip)).status).toBe(401);
    expect((await signIn(b, 'erin', 'wrong-password-here', ip)).status).toBe(401);
    expect((await signIn(a, 'erin', 'wrong-password-here', ip)).status).toBe(401);
    // The third failure was on A; B refuses the fourth attempt, right password or not.
    expect((await signIn(b, 'erin', 'erin-long-password', ip)).status).toBe(429);
    // Another address is not refused (F-4), on either replica.
    expect((await signIn(b, 'erin', 'erin-long-password', address(2))).status).toBe(200);

    const onB = await adminOn(b);
    expect(Date.parse((await onB.get(`/api/users/${id}`)).body.lockedUntil)).toBeGreaterThan(Date.now());
    const locked = await onB.get('/api/users?status=locked');
    expect((locked.body.users as { username: string }[]).map((u) => u.username)).toContain('erin');
    // Unlocked on A, lifted on B.
    expect((await admin.post(`/api/users/${id}/unlock`).set(SAME_ORIGIN)).body).toEqual({
      wasLocked: true,
      lockedUntil: null,
    });
    expect((await onB.get(`/api/users/${id}`)).body.lockedUntil).toBeNull();
    expect((await signIn(b, 'erin', 'erin-long-password', ip)).status).toBe(200);
  });

  it('keeps counts keyed by address and username only: a password typed as the username is not in Redis', async () => {
    const typo = 'Hunter2 Hunter2!';
    const ip = address(3);
    expect((await signIn(a, typo, 'whatever-it-was', ip)).status).toBe(401);
    const keys: string[] = [];
    for await (const batch of redis.scanIterator({ MATCH: `tessera:signin:*${ip}*`, COUNT: 1000 })) keys.push(...batch);
    expect(keys.sort()).toEqual([`tessera:signin:ip:${ip}`, `tessera:signin:user:(not a username) ${ip}`]);
    expect(keys.join()).not.toContain('hunter2');
  });
});

describe.skipIf(!redisUrl)('the sign-in throttle with Redis unreachable', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-redis-down-'));

  const prefix = `tessera-test:${run}:signin:`;

  it('counts in memory when Redis stops answering or is gone: never a hang, a 5xx or an attempt let through uncounted', async () => {
    const config = testConfig({
      TESSERA_DATA_DIR: dataDir,
      TESSERA_LOG_LEVEL: 'info',
      TESSERA_SIGN_IN_MAX_FAILURES: '3',
    });
    const logger = createLogger(config.logLevel, new LogCapture());
    const backends = await openBackends(config, logger);
    const target = new URL(redisUrl!);
    const link = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const client = await connectRedis(link.rewrite(redisUrl!), () => {});
    const app = createApp({
      config,
      logger,
      sessionSecret: SECRET,
      ...backends,
      signInCounters: redisCounters(client, { prefix, timeoutMs: 300 }),
    });
    try {
      await app.services.users.ensureInitialAdmin(ADMIN_PASSWORD, () => 'unused');
      const attempt = (password: string) =>
        request(app.app).post('/api/session').set(SAME_ORIGIN).send({ username: 'admin', password });
      const keystone = () =>
        request(app.app)
          .post('/v3/auth/tokens')
          .send({
            auth: {
              identity: {
                methods: ['password'],
                password: { user: { name: 'admin', password: ADMIN_PASSWORD, domain: { name: 'Default' } } },
              },
            },
          });
      const admin = request.agent(app.app);
      expect(
        (await admin.post('/api/session').set(SAME_ORIGIN).send({ username: 'admin', password: ADMIN_PASSWORD }))
          .status,
      ).toBe(200);
      const { id } = (await admin.get('/api/whoami')).body as { id: string };
      expect((await attempt('wrong-password-here')).status).toBe(401);
      expect(await keysUnder(prefix)).not.toEqual([]);

      link.freeze();
      const started = Date.now();
      // The right password still signs in: one deadline (300 ms), then this process's counters.
      expect((await attempt(ADMIN_PASSWORD)).status).toBe(200);
      expect((await keystone()).status).toBe(201);
      // Failures are counted there: three, then 429 for the right password too (the rule of F-4 at one address).
      for (let i = 0; i < 3; i++) expect((await attempt('wrong-password-here')).status).toBe(401);
      const refused = await attempt(ADMIN_PASSWORD);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

      link.cut();
      await new Promise((r) => setTimeout(r, 50));
      expect((await attempt(ADMIN_PASSWORD)).status).toBe(429);
      // Keystone password authentication shares the throttle, and the answer (in Keystone's format).
      const ks = await keystone();
      expect(ks.status).toBe(429);
      expect(ks.headers['x-subject-token']).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(5000);

      // An unlock needs Redis itself: lifting one process's count would say "unlocked" while the others refuse.
      const during = await admin.post(`/api/users/${id}/unlock`).set(SAME_ORIGIN);
      expect(during.status).toBe(503);
      expect(Number(during.headers['retry-after'])).toBeGreaterThan(0);
      link.heal();
      const deadline = Date.now() + 10_000;
      while (!client.isReady && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect((await admin.post(`/api/users/${id}/unlock`).set(SAME_ORIGIN)).status).toBe(200);
      expect((await attempt(ADMIN_PASSWORD)).status).toBe(200);
    } finally {
      const direct = await connectRedis(redisUrl!, () => {});
      const mine = await keysUnder(prefix);
      if (mine.length > 0) await direct.del(mine);
      await direct.close();
      await app.shutdown();
      await client.close().catch(() => client.destroy());
      await link.close();
      await backends.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  /** This run's keys under `prefix`. */
  async function keysUnder(prefix: string): Promise<string[]> {
    const direct = await connectRedis(redisUrl!, () => {});
    try {
      const keys: string[] = [];
      for await (const batch of direct.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) keys.push(...batch);
      return keys;
    } finally {
      await direct.close();
    }
  }
});
