import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../sessions/redis-session-store.js';
import { createPostgresStore } from '../store/postgres.js';
import { dropSchema, newTestSchema } from '../test-support/postgres-opener.js';

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const mainJs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/main.js');
const built = fs.existsSync(mainJs);
const skipReason =
  !databaseUrl || !redisUrl
    ? 'TEST_DATABASE_URL and TEST_REDIS_URL are not both set'
    : !built
      ? 'server/dist is missing (run npm run build -w server)'
      : undefined;
if (skipReason) console.log(`Multi-replica scale test skipped: ${skipReason}`);

const ADMIN_PASSWORD = 'replica-admin-password-1';
const SAME_ORIGIN = { 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json' };

/** A free port in 3300-3319, the range set aside for servers that tests start. */
async function freePort(exclude: number[]): Promise<number> {
  for (let port = 3300; port <= 3319; port++) {
    if (exclude.includes(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port in 3300-3319');
}

interface Replica {
  name: string;
  url: string;
  proc: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

function startReplica(name: string, port: number, env: Record<string, string>): Replica {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `tessera-replica-${name}-`));
  const proc = spawn(process.execPath, [mainJs], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', TESSERA_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  proc.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve(code);
    }),
  );
  return { name, url: `http://127.0.0.1:${port}`, proc, output, exited };
}

async function waitReady(r: Replica) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (r.proc.exitCode !== null) throw new Error(`${r.name} exited: ${r.output.join('')}`);
    const ok = await fetch(`${r.url}/api/ready`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`${r.name} not ready: ${r.output.join('')}`);
}

describe.skipIf(skipReason !== undefined)('two replicas on one PostgreSQL and one Redis', () => {
  const schema = newTestSchema();
  let a: Replica;
  let b: Replica;
  let cookie: string;
  let adminId: string;

  beforeAll(async () => {
    const pa = await freePort([]);
    const pb = await freePort([pa]);
    const env = {
      DATABASE_URL: databaseUrl!,
      TESSERA_PG_SCHEMA: schema,
      TESSERA_PG_POOL_MAX: '4',
      REDIS_URL: redisUrl!,
      TESSERA_SESSION_SECRET: 'one-secret-shared-by-every-replica-of-this-test',
      TESSERA_ADMIN_PASSWORD: ADMIN_PASSWORD,
      TESSERA_MAX_TOKENS_PER_USER: '1000',
      // Only the shutdown flush can write last-used within this test, so the test sees that it happens.
      TESSERA_LAST_USED_FLUSH_MS: '600000',
      TESSERA_LOG_LEVEL: 'warn',
    };
    // Both start at once on an empty schema: the advisory lock lets one migrate while the other waits.
    a = startReplica('A', pa, env);
    b = startReplica('B', pb, env);
    await Promise.all([waitReady(a), waitReady(b)]);
  }, 30_000);

  afterAll(async () => {
    for (const r of [a, b]) if (r && r.proc.exitCode === null && r.proc.signalCode === null) r.proc.kill('SIGKILL');
    await Promise.all([a?.exited, b?.exited]);
    if (adminId) {
      const redis = await connectRedis(redisUrl!, () => {});
      const key = `tessera:sess:user:${adminId}`;
      const digests = await redis.sMembers(key);
      await redis.del([...digests.map((d) => `tessera:sess:${d}`), key]);
      await redis.close();
    }
    await dropSchema(databaseUrl!, schema);
  });

  const api = (r: Replica, p: string, init: RequestInit = {}) =>
    fetch(`${r.url}/api${p}`, { ...init, headers: { Cookie: cookie, ...SAME_ORIGIN, ...init.headers } });
  const withToken = (r: Replica, token: string) =>
    fetch(`${r.url}/api/whoami`, { headers: { Authorization: `Bearer ${token}` } }).then((res) => res.status);
  const createToken = async (r: Replica, description: string) => {
    const res = await api(r, '/users/me/auth-tokens', { method: 'POST', body: JSON.stringify({ description }) });
    return {
      status: res.status,
      body: (res.status === 201 ? await res.json() : undefined) as { id: string; token: string },
    };
  };

  it('accepts a session made on A at B', async () => {
    const res = await fetch(`${a.url}/api/session`, {
      method: 'POST',
      headers: SAME_ORIGIN,
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(res.status).toBe(200);
    cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
    const who = await api(b, '/whoami');
    expect(who.status).toBe(200);
    const body = (await who.json()) as { id: string; username: string; authenticatedBy: string };
    expect(body).toMatchObject({ username: 'admin', authenticatedBy: 'session' });
    adminId = body.id;
  });

  it('accepts a token made on A at B, and after a delete on B both refuse it within one second', async () => {
    const { status, body } = await createToken(a, 'made on A');
    expect(status).toBe(201);
    expect(await withToken(b, body.token)).toBe(200);
    expect(await withToken(a, body.token)).toBe(200);

    const deleted = await api(b, `/users/me/auth-tokens/${body.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    const since = Date.now();
    let refusedBy: number | undefined;
    while (Date.now() - since < 1000) {
      const [sa, sb] = await Promise.all([withToken(a, body.token), withToken(b, body.token)]);
      if (sa === 401 && sb === 401) {
        refusedBy = Date.now() - since;
        break;
      }
    }
    expect(refusedBy).toBeDefined();
    expect(refusedBy!).toBeLessThan(1000);
  });

  // B remembers what it verified; A's change reaches it as a notification (ADR 0014), within a second.
  it('refuses the old secret of a token regenerated on A at B within a second, and accepts the new one', async () => {
    const { body } = await createToken(b, 'to regenerate');
    const res = await api(a, `/users/me/auth-tokens/${body.id}/regenerate`, { method: 'POST' });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    await expect.poll(() => withToken(b, body.token), { timeout: 1000, interval: 10 }).toBe(401);
    expect(await withToken(b, token)).toBe(200);
  });

  it('refuses the tokens of a user disabled on B at A within a second', async () => {
    const created = await api(b, '/users', {
      method: 'POST',
      body: JSON.stringify({ username: 'to-disable', password: 'to-disable-password-1', role: 'user' }),
    });
    expect(created.status).toBe(201);
    const userId = ((await created.json()) as { id: string }).id;
    const res = await api(b, `/users/${userId}/auth-tokens`, {
      method: 'POST',
      body: JSON.stringify({ description: 'x' }),
    });
    const { token } = (await res.json()) as { token: string };
    expect(await withToken(a, token)).toBe(200);
    expect(
      (await api(b, `/users/${userId}`, { method: 'PATCH', body: JSON.stringify({ disabled: true }) })).status,
    ).toBe(200);
    await expect.poll(() => withToken(a, token), { timeout: 1000, interval: 10 }).toBe(401);
  });

  it('loses none of the creates A acknowledged when A is killed mid-burst', async () => {
    const acknowledged: { id: string; token: string }[] = [];
    let sent = 0;
    let killed = false;
    const worker = async () => {
      while (!killed && sent < 400) {
        sent++;
        const r = await createToken(a, `burst ${sent}`).catch(() => undefined);
        if (r?.status === 201) acknowledged.push(r.body);
        if (acknowledged.length >= 25 && !killed) {
          killed = true;
          a.proc.kill('SIGKILL');
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(await a.exited).toBeNull();
    expect(a.proc.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(25);

    const list = await api(b, '/users/me/auth-tokens');
    expect(list.status).toBe(200);
    const ids = new Set(((await list.json()) as { items: { id: string }[] }).items.map((t) => t.id));
    const missing = acknowledged.filter((t) => !ids.has(t.id));
    expect(missing).toEqual([]);
    for (const t of acknowledged.slice(-5)) expect(await withToken(b, t.token)).toBe(200);
  });

  it('drains and writes the last-used time held in memory when B is stopped with SIGTERM', async () => {
    const { body } = await createToken(b, 'used before shutdown');
    expect(await withToken(b, body.token)).toBe(200);
    b.proc.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    const store = await createPostgresStore(databaseUrl!, { schema, poolMax: 1 });
    try {
      const token = await store.authTokens.get(adminId, body.id);
      expect(token?.lastUsedAt).not.toBeNull();
    } finally {
      await store.close();
    }
  });
});
