import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverBuilt } from '../test-support/server-process.js';
import { dropSchema, newTestSchema } from '../test-support/postgres-opener.js';

// Issue 22, point 7: `scripts/replicas.sh` runs N replicas behind a small local load balancer for trying it. With
// LB=node it needs nothing but Node (scripts/load-balancer.mjs); this runs it as docs/deploy.md's recipe does.

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const skip = !databaseUrl || !redisUrl || !serverBuilt();
if (skip) console.log('replicas.sh test skipped: needs TEST_DATABASE_URL, TEST_REDIS_URL and server/dist');

const run = promisify(execFile);
const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../scripts/replicas.sh');
const LB_PORT = 3340;
const lb = `http://127.0.0.1:${LB_PORT}`;
const password = 'replicas-script-admin-password';
const schema = newTestSchema();
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-replicas-test-'));
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl ?? '',
  REDIS_URL: redisUrl ?? '',
  TESSERA_PG_SCHEMA: schema,
  TESSERA_ADMIN_PASSWORD: password,
  // Keys of this run only: the Redis is shared with other tests.
  TESSERA_REDIS_PREFIX: `test:${schema}:`,
  REPLICAS: '3',
  LB: 'node',
  LB_PORT: String(LB_PORT),
  BASE_PORT: String(LB_PORT + 1),
  STATE_DIR: stateDir,
};
const replicas = (script: string[]) => run('bash', script, { env, timeout: 90_000 });

describe.skipIf(skip)('scripts/replicas.sh with the Node load balancer', () => {
  beforeAll(async () => {
    await replicas([script, 'start']);
  }, 120_000);
  afterAll(async () => {
    await replicas([script, 'stop']).catch(() => undefined);
    await dropSchema(databaseUrl!, schema);
    fs.rmSync(stateDir, { recursive: true, force: true });
  }, 60_000);

  it('spreads one session over every replica, and a token keeps working when a replica is killed', async () => {
    const signIn = await fetch(`${lb}/api/session`, {
      method: 'POST',
      headers: { 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const answeredBy = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${lb}/api/whoami`, { headers: { cookie } });
      expect(res.status).toBe(200);
      answeredBy.add(res.headers.get('x-tessera-replica') ?? '');
    }
    expect([...answeredBy].sort()).toEqual(['replica-1', 'replica-2', 'replica-3']);

    const made = await fetch(`${lb}/api/users/me/auth-tokens`, {
      method: 'POST',
      headers: { cookie, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json' },
      body: JSON.stringify({ description: 'replicas.sh check' }),
    });
    expect(made.status).toBe(201);
    const { token } = (await made.json()) as { token: string };

    process.kill(Number(fs.readFileSync(path.join(stateDir, 'replica-1.pid'), 'utf8')), 'SIGKILL');
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const res = await fetch(`${lb}/api/whoami`, { headers: { authorization: `Bearer ${token}` } });
      statuses.push(res.status);
      expect(res.headers.get('x-tessera-replica')).not.toBe('replica-1');
    }
    expect(statuses).toEqual(Array(9).fill(200));

    const { stdout } = await replicas([script, 'status']).catch((e: { stdout: string }) => e);
    expect(stdout).toMatch(/replica-1: stopped/);
    expect(stdout).toMatch(/replica-2: running/);
    expect(stdout).toMatch(/load balancer \(node\): running/);
  }, 60_000);
});
