import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken, KEYSTONE_TOKEN_PREFIX } from '../lib/token-format.js';
import { connectRedis, type RedisClient } from '../sessions/redis-session-store.js';
import * as fault from '../test-support/fault-server.js';
import { dropSchema, newTestSchema } from '../test-support/postgres-opener.js';
import { redisMonitor } from '../test-support/redis-monitor.js';

// Issue 22, point 2: three replicas on one PostgreSQL and one Redis gave 30 password guesses per 15 minutes instead
// of 10, 150 token failures a minute instead of 50, an unlock on one replica only, a fresh allowance on restart, and
// 429 for valid tokens from an address that had failed. Two built servers here, on one schema and one Redis, with the
// default limits (10 guesses, 50 token failures) and a key prefix of their own (TESSERA_REDIS_PREFIX).
const { databaseUrl, redisUrl } = fault;
const built = fault.serverBuilt();
if (!built) console.log('Abuse-state replica tests skipped: server/dist is missing (run npm run build -w server)');

const run = randomInt(0, 1_000_000_000);
const PREFIX = `tessera-test-${run}:`;
// Addresses of this run only, in 100.64.0.0/10 (shared address space), as the other Redis suites do.
const address = (n: number) => `100.${64 + (run % 63)}.${(run >> 8) & 255}.${n}`;
const SAME_ORIGIN = { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin' };

describe.skipIf(!built || !databaseUrl || !redisUrl)('abuse state shared by replicas in Redis', () => {
  const schema = newTestSchema();
  const dirs: string[] = [];
  const servers: fault.RunningServer[] = [];
  let redis: RedisClient;
  let cookie: string;
  let token: string;
  const env = {
    DATABASE_URL: databaseUrl!,
    TESSERA_PG_SCHEMA: schema,
    TESSERA_PG_POOL_MAX: '2',
    REDIS_URL: redisUrl!,
    TESSERA_REDIS_PREFIX: PREFIX,
    TESSERA_SESSION_SECRET: 'one-secret-shared-by-every-replica-of-this-test',
    TESSERA_TRUST_PROXY: 'loopback',
    TESSERA_JOBS: 'off',
    // No drain grace: the restart test stops a replica with no request in flight.
    TESSERA_DRAIN_GRACE_MS: '0',
  };
  const start = async (i: number) => {
    servers[i] = await fault.startOnFreePort(dirs[i]!, 3710 + i * 3, env);
  };

  beforeAll(async () => {
    redis = await connectRedis(redisUrl!, () => {});
    for (let i = 0; i < 2; i++) {
      dirs.push(fault.tempDataDir('tessera-abuse-replica-'));
      await start(i);
    }
    ({ cookie, token } = await fault.signedInAdmin(servers[0]!.url, 'abuse-state'));
  }, 60_000);

  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    // Leave nothing of this run in a Redis other runs share.
    for await (const keys of redis.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 1000 }))
      if (keys.length > 0) await redis.del(keys);
    await redis.close();
    await dropSchema(databaseUrl!, schema);
    for (const dir of dirs) fault.removeDir(dir);
  }, 30_000);

  const signIn = (s: fault.RunningServer, username: string, password: string, ip: string) =>
    fetch(`${s.url}/api/session`, {
      method: 'POST',
      headers: { ...SAME_ORIGIN, 'X-Forwarded-For': ip },
      body: JSON.stringify({ username, password }),
    });
  const whoami = (s: fault.RunningServer, credential: string, ip: string) =>
    fetch(`${s.url}/api/whoami`, { headers: { Authorization: `Bearer ${credential}`, 'X-Forwarded-For': ip } });
  const keystoneByToken = (s: fault.RunningServer, id: string, ip: string) =>
    fetch(`${s.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': ip },
      body: JSON.stringify({ auth: { identity: { methods: ['token'], token: { id } } } }),
    });
  const createUser = async (username: string) => {
    const res = await fetch(`${servers[0]!.url}/api/users`, {
      method: 'POST',
      headers: { ...SAME_ORIGIN, Cookie: cookie },
      body: JSON.stringify({ username, password: `${username}-long-password` }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };

  it('allows ten password guesses in all, not ten per replica, and an unlock on one lifts it on both', async () => {
    const [a, b] = servers as [fault.RunningServer, fault.RunningServer];
    const id = await createUser('erin');
    const ip = address(1);
    for (let i = 0; i < 10; i++)
      expect((await signIn(i % 2 ? b : a, 'erin', 'wrong-password-here', ip)).status, `guess ${i + 1}`).toBe(401);
    // Past the limit, the right password too is refused at that address (F-4's rule), on both replicas.
    for (const s of [a, b]) expect((await signIn(s, 'erin', 'erin-long-password', ip)).status).toBe(429);
    // Every key under this deployment's prefix: the counters and the admin's session alike.
    expect(await redis.exists([`${PREFIX}signin:ip:${ip}`, `${PREFIX}signin:user:erin ${ip}`])).toBe(2);
    expect((await redis.keys(`${PREFIX}sess:*`)).length).toBeGreaterThan(0);

    const unlock = await fetch(`${b.url}/api/users/${id}/unlock`, {
      method: 'POST',
      headers: { ...SAME_ORIGIN, Cookie: cookie },
    });
    expect(await unlock.json()).toEqual({ wasLocked: true, lockedUntil: null });
    expect((await signIn(a, 'erin', 'erin-long-password', ip)).status).toBe(200);
  });

  it('allows fifty token failures a minute in all; a valid token from that address is still answered', async () => {
    const [a, b] = servers as [fault.RunningServer, fault.RunningServer];
    const ip = address(2);
    for (let i = 0; i < 50; i++)
      expect((await whoami(i % 2 ? b : a, generateToken(), ip)).status, `failure ${i + 1}`).toBe(401);
    expect(await redis.get(`${PREFIX}tokenfail:${ip}`)).toBe('50');
    for (const s of [a, b]) {
      const refused = await whoami(s, generateToken(), ip);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      // The same budget on Keystone's token method.
      expect((await keystoneByToken(s, generateToken(KEYSTONE_TOKEN_PREFIX), ip)).status).toBe(429);
      // A valid token from the very same address: verified and answered.
      expect((await whoami(s, token, ip)).status).toBe(200);
    }
  });

  it('sends Redis no command for a valid token, even from an address past its budget', async () => {
    const monitor = await redisMonitor(redisUrl!);
    try {
      const blocked = address(2);
      // One failure per replica first: its commands name this run's prefix, which tells each replica's connection.
      for (const [i, s] of servers.entries()) {
        expect((await whoami(s, generateToken(), address(10 + i))).status).toBeGreaterThanOrEqual(401);
        await monitor.waitFor(`${PREFIX}tokenfail:${address(10 + i)}`);
      }
      const connections = servers.map((_, i) => monitor.clientOf(`${PREFIX}tokenfail:${address(10 + i)}`)!);
      const perFailure = monitor.linesFrom(connections[0]!).length;
      expect(perFailure).toBeGreaterThan(0);
      const before = connections.map((c) => monitor.linesFrom(c).length);

      for (const s of servers)
        for (const ip of [blocked, address(3)])
          for (let i = 0; i < 10; i++) expect((await whoami(s, token, ip)).status).toBe(200);

      // A failure on each again, then every command sent so far has arrived: only those two failures' are new.
      for (const [i, s] of servers.entries()) {
        await whoami(s, generateToken(), address(20 + i));
        await monitor.waitFor(`${PREFIX}tokenfail:${address(20 + i)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
      const after = connections.map((c) => monitor.linesFrom(c).length);
      expect(after.map((n, i) => n - before[i]!)).toEqual([perFailure, perFailure]);
    } finally {
      await monitor.close();
    }
  });

  it('keeps the counts through a restart', async () => {
    await createUser('fran');
    const ip = address(4);
    for (let i = 0; i < 6; i++) expect((await signIn(servers[0]!, 'fran', 'wrong-password-here', ip)).status).toBe(401);
    for (let i = 0; i < 30; i++) expect((await whoami(servers[0]!, generateToken(), ip)).status).toBe(401);

    servers[0]!.child.kill('SIGTERM');
    await servers[0]!.exited;
    await start(0);

    for (let i = 0; i < 4; i++) expect((await signIn(servers[0]!, 'fran', 'wrong-password-here', ip)).status).toBe(401);
    expect((await signIn(servers[0]!, 'fran', 'fran-long-password', ip)).status).toBe(429);
    for (let i = 0; i < 20; i++) expect((await whoami(servers[0]!, generateToken(), ip)).status).toBe(401);
    expect((await whoami(servers[0]!, generateToken(), ip)).status).toBe(429);
    // The admin's password from another address is unaffected throughout.
    expect((await signIn(servers[0]!, 'admin', fault.FAULT_ADMIN_PASSWORD, address(5))).status).toBe(200);
  }, 40_000);
});
