import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATION_RECHECK_MS } from '../store/sqlite.js';
import { dropSchema, newTestSchema } from '../test-support/postgres-opener.js';
import {
  adminCookie,
  createToken,
  serverBuilt,
  startServer,
  whoami,
  type RunningServer,
} from '../test-support/server-process.js';

// Issue 20, point 3: "End grace now kills it on every replica". Two built servers share one database; a window opened
// at one is honoured at the other, and ended at the other it is refused at both: on PostgreSQL within a second (each
// replica remembers and hears of the change through a notification, ADR 0014), on one SQLite file within
// GENERATION_RECHECK_MS (the table's triggers move the credential generation the other process checks).
const databaseUrl = process.env.TEST_DATABASE_URL;
const built = serverBuilt();
if (!built) console.log('Grace window replica tests skipped: server/dist is missing (run npm run build -w server)');

/** A free port in 3325–3329 (this suite's own range). */
async function freePort(): Promise<number> {
  for (let port = 3325; port <= 3329; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port in 3325-3329');
}

async function call(url: string, cookie: string, method: string, p: string, body?: object) {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin', Cookie: cookie },
    body: body && JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

/** Opens a window at `a`, checks both secrets at both, ends it at `b`; `settle` waits for what the dialect needs. */
/** `settle` lets the servers see the change (SQLite); without it each is polled for a second (PostgreSQL, ADR 0014). */
async function endGraceAcross(a: RunningServer, b: RunningServer, settle?: () => Promise<void>) {
  const cookie = await adminCookie(a.url);
  const made = await createToken(a.url, cookie, 'rotated across replicas');
  const regenerated = await call(a.url, cookie, 'POST', `/api/users/me/auth-tokens/${made.id}/regenerate`, {
    graceSeconds: 3600,
  });
  expect(regenerated.status).toBe(200);
  const fresh = regenerated.body.token as string;
  const status = async () =>
    (await Promise.all([a, b].flatMap((s) => [made.token, fresh].map((t) => whoami(s.url, t))))).map((r) => r.status);
  expect(await status()).toEqual([200, 200, 200, 200]);

  // Ended at the other replica (the session is shared through the database).
  expect((await call(b.url, cookie, 'DELETE', `/api/users/me/auth-tokens/${made.id}/grace`)).status).toBe(204);
  if (settle) {
    await settle();
    expect(await status()).toEqual([401, 200, 401, 200]);
  } else await expect.poll(status, { timeout: 1000, interval: 10 }).toEqual([401, 200, 401, 200]);
  expect((await call(a.url, cookie, 'DELETE', `/api/users/me/auth-tokens/${made.id}/grace`)).status).toBe(404);
}

describe.skipIf(!built || !databaseUrl)('End grace now on PostgreSQL replicas', () => {
  const schema = newTestSchema();
  const dirs: string[] = [];
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    const env = {
      DATABASE_URL: databaseUrl!,
      TESSERA_PG_SCHEMA: schema,
      TESSERA_PG_POOL_MAX: '2',
      TESSERA_SESSION_SECRET: 'one-secret-shared-by-every-replica-of-this-test',
    };
    for (let i = 0; i < 2; i++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-grace-pg-'));
      dirs.push(dir);
      servers.push(await startServer(dir, await freePort(), env));
    }
  }, 40_000);

  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await dropSchema(databaseUrl!, schema);
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the old secret at every replica within a second', async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    await endGraceAcross(a, b);
  }, 30_000);
});

describe.skipIf(!built)('End grace now seen by another process on the same SQLite file', () => {
  let dir: string;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-grace-sqlite-'));
    // One after the other: the first creates and migrates the file, the second opens it as it is.
    for (let i = 0; i < 2; i++) servers.push(await startServer(dir, await freePort()));
  }, 40_000);

  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the old secret in both processes within GENERATION_RECHECK_MS', async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    // Past the recheck interval, the next lookup in either process reads the generation again: no race, a bound.
    await endGraceAcross(a, b, () => new Promise((r) => setTimeout(r, GENERATION_RECHECK_MS + 20)));
  }, 30_000);
});
