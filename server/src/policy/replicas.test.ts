import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Tessera } from '../app.js';
import { testConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createPostgresStore } from '../store/postgres.js';
import type { Store } from '../store/store.js';
import { ADMIN_PASSWORD, LogCapture, SAME_ORIGIN } from '../test-support/harness.js';
import { openPostgresTestStore } from '../test-support/postgres-opener.js';

/**
 * Issue 19, point 3: a policy saved on one replica is in force on every replica within a second. Two app instances,
 * each with its own pool, over one PostgreSQL schema stand in for two replicas behind a load balancer.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('policy across replicas (postgres)', () => {
  const url = process.env.TEST_DATABASE_URL!;
  let shared: Awaited<ReturnType<typeof openPostgresTestStore>>;
  let second: Store;
  const apps: { tessera: Tessera; dataDir: string }[] = [];
  let a: Tessera;
  let b: Tessera;

  const app = (store: Store) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-replica-'));
    const tessera = createApp({
      config: testConfig({ TESSERA_DATA_DIR: dataDir }),
      store,
      logger: createLogger('silent', new LogCapture()),
      sessionSecret: 'test-session-secret-that-is-long-enough',
    });
    apps.push({ tessera, dataDir });
    return tessera;
  };
  const signIn = async (tessera: Tessera) => {
    const agent = request.agent(tessera.app);
    const res = await agent.post('/api/session').set(SAME_ORIGIN).send({ username: 'admin', password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    return agent;
  };
  /** Polls a replica's policy in force until it holds `want`; the milliseconds it took (bounded: 3 s). */
  const seenOn = async (replica: Tessera, want: Record<string, unknown>) => {
    const started = Date.now();
    for (;;) {
      const now = replica.services.policy.current() as unknown as Record<string, unknown>;
      if (Object.entries(want).every(([k, v]) => JSON.stringify(now[k]) === JSON.stringify(v)))
        return Date.now() - started;
      if (Date.now() - started > 3000) throw new Error(`the replica still has ${JSON.stringify(now)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  beforeAll(async () => {
    shared = await openPostgresTestStore(url);
    second = await createPostgresStore(url, { schema: shared.schema, poolMax: 4 });
    a = app(shared.store);
    b = app(second);
    await a.services.users.ensureInitialAdmin(ADMIN_PASSWORD, () => 'unused');
  });
  afterAll(async () => {
    for (const { tessera, dataDir } of apps) {
      await tessera.shutdown();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    await second?.close();
    await shared?.cleanup();
  });

  it('puts a PATCH on replica A in force on replica B within a second, and B then refuses what it forbids', async () => {
    const onA = await signIn(a);
    const onB = await signIn(b);
    expect(
      (await onB.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).send({ description: 'x', expiresAt: null })).status,
    ).toBe(201);

    const saved = await onA
      .patch('/api/policy')
      .set(SAME_ORIGIN)
      .send({ maxLifetimeDays: 30, defaultLifetimeDays: 30, requireExpiry: true });
    expect(saved.status).toBe(200);
    expect(await seenOn(b, { maxLifetimeDays: 30, requireExpiry: true })).toBeLessThan(1000);
    const refused = await onB
      .post('/api/users/me/auth-tokens')
      .set(SAME_ORIGIN)
      .send({ description: 'y', expiresAt: null });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('expiry_required');
    expect((await onB.get('/api/policy')).body).toEqual(saved.body);

    // And back the other way: B's change reaches A.
    const back = await onB.patch('/api/policy').set(SAME_ORIGIN).send({ maxLifetimeDays: null, requireExpiry: false });
    expect(back.status).toBe(200);
    expect(await seenOn(a, { maxLifetimeDays: null, requireExpiry: false })).toBeLessThan(1000);
  });

  it('keeps both of two administrators’ changes saved at once on different replicas (no lost update)', async () => {
    const onA = await signIn(a);
    const onB = await signIn(b);
    const [x, y] = await Promise.all([
      onA.patch('/api/policy').set(SAME_ORIGIN).send({ maxTokensPerUser: 7 }),
      onB.patch('/api/policy').set(SAME_ORIGIN).send({ revokeUnusedAfterDays: 120 }),
    ]);
    expect([x.status, y.status]).toEqual([200, 200]);
    // Whichever saved second read the first one's row: both replicas end with both changes.
    await seenOn(a, { maxTokensPerUser: 7, revokeUnusedAfterDays: 120 });
    await seenOn(b, { maxTokensPerUser: 7, revokeUnusedAfterDays: 120 });
    expect((await onA.get('/api/policy')).body).toMatchObject({ maxTokensPerUser: 7, revokeUnusedAfterDays: 120 });

    // A replica started now has the saved policy, not the environment's, once it has read it (main.ts waits for that).
    const c = app(second);
    await c.services.policy.whenLoaded();
    expect(c.services.policy.current()).toMatchObject({ maxTokensPerUser: 7, revokeUnusedAfterDays: 120 });
  });
});
