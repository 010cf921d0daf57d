import { describe, expect, it } from 'vitest';
import type { Tessera } from '../app.js';
import { createPostgresStore } from '../store/postgres.js';
import { SAME_ORIGIN } from '../test-support/harness.js';
import { postgresReplicas } from '../test-support/replicas.js';

/**
 * Issue 19, point 3: a policy saved on one replica is in force on every replica within a second. Two app instances,
 * each with its own pool, over one PostgreSQL schema stand in for two replicas behind a load balancer.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('policy across replicas (postgres)', () => {
  const replicas = postgresReplicas(process.env.TEST_DATABASE_URL!);
  const { signIn } = replicas;
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

  /**
   * Runs `work` with the replicas' policy polls stopped (restarted after): what reaches a replica then came through
   * the change notification alone (the `settings` trigger, the listener, the subscription in services.ts).
   */
  const withoutPolls = async (work: () => Promise<void>) => {
    const { a, b } = replicas;
    for (const r of [a, b]) r.services.policy.stop();
    try {
      // Listening already (a notification sent before its LISTEN would be missed, and the poll is off).
      for (const store of [replicas.first, replicas.second])
        await expect.poll(() => store.cacheStats?.().trusted, { timeout: 5000 }).toBe(true);
      await work();
    } finally {
      for (const r of [a, b]) r.services.policy.start();
    }
  };

  it('puts a PATCH on replica A in force on replica B within a second through the change notification alone, and B then refuses what it forbids', async () => {
    const { a, b } = replicas;
    await withoutPolls(async () => {
      const onA = await signIn(a);
      const onB = await signIn(b);
      expect(
        (await onB.post('/api/users/me/auth-tokens').set(SAME_ORIGIN).send({ description: 'x', expiresAt: null }))
          .status,
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
      const back = await onB
        .patch('/api/policy')
        .set(SAME_ORIGIN)
        .send({ maxLifetimeDays: null, requireExpiry: false });
      expect(back.status).toBe(200);
      expect(await seenOn(a, { maxLifetimeDays: null, requireExpiry: false })).toBeLessThan(1000);
    });
  });

  it('puts it in force within a second by the poll alone on a replica without the change listener', async () => {
    // The memory off: no listener, nothing announced; the poll (every 500 ms) is what keeps the bound.
    const store = await createPostgresStore(process.env.TEST_DATABASE_URL!, {
      schema: replicas.schema,
      poolMax: 2,
      credentialCacheSize: 0,
    });
    const c = replicas.app(store);
    try {
      await c.services.policy.whenLoaded();
      const onA = await signIn(replicas.a);
      expect((await onA.patch('/api/policy').set(SAME_ORIGIN).send({ maxTokensPerUser: 9 })).status).toBe(200);
      expect(await seenOn(c, { maxTokensPerUser: 9 })).toBeLessThan(1000);
    } finally {
      await c.shutdown();
      await store.close();
    }
  });

  it('keeps both of two administrators’ changes saved at once on different replicas (no lost update)', async () => {
    const { a, b } = replicas;
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
    const c = replicas.app(replicas.second);
    await c.services.policy.whenLoaded();
    expect(c.services.policy.current()).toMatchObject({ maxTokensPerUser: 7, revokeUnusedAfterDays: 120 });
  });
});
