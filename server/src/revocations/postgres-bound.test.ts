import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type Tessera } from '../app.js';
import type { AuditContext } from '../audit/context.js';
import { testConfig } from '../config.js';
import { createPostgresStore, type PostgresStore } from '../store/postgres.js';
import { BoundedClient } from '../store/postgres-timeouts.js';
import { dropSchema, newTestSchema } from '../test-support/postgres-opener.js';
import { newToken, newUser } from '../test-support/store-fixtures.js';

// Issue 22 bounds every PostgreSQL statement (TESSERA_PG_TIMEOUT_MS, 5 s by default: statement_timeout, then 57014 →
// 503); issue 19's bulk work must still complete under it at any size. 20,000 tokens selected by one filter
// (bench/src/aged.ts's shape: made 200 days ago, none used in the last 90, spread over 1,000 owners; beside them
// fresh ones the filter must not take), revoked in one call, undone, revoked again and deleted by the finalise job —
// through the app's own service and job, on a store with the default bound. Each step is a batch of 2,000 tokens or
// a span of 20,000 ids (revocations/batches.ts), so no statement grows with the selection: the slowest, a batch's
// update, took 0.1–0.8 s here (the machine idle or loaded), 1.3 s with a million tokens in the table (more cache
// misses); batches of 60,000 took 4.5–4.8 s a statement. So the test holds the size of each statement, not its time:
// none may change more rows than a batch (at 100,000 tokens the run took 65–120 s; 20,000 prove the same in CI).
// A selection written in one statement, or batches grown past the bound's reach, fail it.
const url = process.env.TEST_DATABASE_URL;
const AGED = 20_000;
const FRESH = 1_000;
const OWNERS = 200;
/** PostgreSQL's batch (revocations/batches.ts). */
const BATCH = 2_000;
const DAY = 86_400_000;
const CHUNK = 10_000;
const logger = pino({ level: 'silent' });
const ADMIN: AuditContext = { actor: null, ip: '192.0.2.10', userAgent: 'test', credential: null };

describe.skipIf(!url)('bulk revocation of many tokens on PostgreSQL under the default statement bound', () => {
  const schema = newTestSchema();
  let store: PostgresStore;
  let tessera: Tessera;
  const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
  const count = async (where: ReturnType<typeof sql<boolean>>) =>
    (await sql<{ n: number }>`select count(*)::int as n from auth_tokens where ${where}`.execute(store.db)).rows[0]!.n;

  /** The most rows one UPDATE or DELETE changed, watched on every connection of the pool. */
  let largest = 0;
  const query = BoundedClient.prototype.query;
  beforeAll(async () => {
    BoundedClient.prototype.query = function (this: BoundedClient, ...args: unknown[]) {
      const result = (query as (...a: unknown[]) => unknown).apply(this, args);
      if (result instanceof Promise)
        result.then(
          (r: { command?: string; rowCount?: number | null }) => {
            if ((r?.command === 'UPDATE' || r?.command === 'DELETE') && r.rowCount)
              largest = Math.max(largest, r.rowCount);
          },
          () => {},
        );
      return result as never;
    } as typeof query;
    // The default bound: no timeoutMs given.
    store = await createPostgresStore(url!, { schema, poolMax: 4 });
    tessera = createApp({ config: testConfig(), store, logger, sessionSecret: 'test-session-secret-long-enough-x' });
    const owners = Array.from({ length: OWNERS }, (_, i) => newUser(`aged-${i}-${randomUUID().slice(0, 6)}`));
    await store.users.bulkInsert(owners);
    // Through the store's bulk path, as the benchmark seeds: each call one transaction of 500-row inserts.
    const token = (i: number, createdAt: string) =>
      newToken(owners[i % OWNERS]!.id, { description: `aged ${i}`, hint: 'tsr_…aged', createdAt });
    for (let start = 0; start < AGED; start += CHUNK) {
      const tokens = Array.from({ length: Math.min(CHUNK, AGED - start) }, (_, k) => token(start + k, ago(200)));
      await store.authTokens.bulkInsert(tokens);
      // Half of them last used 91–199 days ago (the rest never).
      const uses = tokens
        .filter((_, k) => k % 2 === 1)
        .map((t, k) => ({ token_id: t.id, last_used_at: ago(91 + (k % 109)), last_used_ip: '192.0.2.1' }));
      for (let u = 0; u < uses.length; u += 1_000)
        await store.db
          .insertInto('auth_token_usage')
          .values(uses.slice(u, u + 1_000))
          .execute();
    }
    await store.authTokens.bulkInsert(Array.from({ length: FRESH }, (_, i) => token(i, ago(1))));
    // A deployment's autovacuum analyzes new rows; the test server may run without it (bench/src/inventory.ts too).
    await sql`analyze auth_tokens, auth_token_usage, users`.execute(store.db);
  }, 300_000);
  afterAll(async () => {
    BoundedClient.prototype.query = query;
    await tessera?.shutdown();
    await store?.close();
    await dropSchema(url!, schema);
  });

  it('revokes them in one call, undoes that, and the finalise job deletes them after the window: nothing cancelled', async () => {
    const revocations = tessera.services.revocations;
    const input = { filter: { unusedForDays: 90 }, reason: 'unused for 90 days' };
    const first = await revocations.revoke(ADMIN, input);
    expect(first.count).toBe(AGED);
    expect(await count(sql`revocation_id = ${first.id}`)).toBe(AGED);

    expect(await revocations.undo(ADMIN, first.id)).toMatchObject({ count: AGED, status: 'undone' });
    expect(await count(sql`revoked_at is not null`)).toBe(0);

    const second = await revocations.revoke(ADMIN, input);
    expect(second.count).toBe(AGED);
    // The job as it runs on a replica (under the jobs' lock), once the undo window has passed.
    const after = new Date(Date.parse(second.undoUntil) + 60_000);
    expect(await tessera.jobs.runNow('revocations.finalise', after)).toBe(true);
    expect(await revocations.get(second.id, after.getTime())).toMatchObject({ status: 'final', count: AGED });
    expect(await count(sql`true`)).toBe(FRESH);
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThanOrEqual(BATCH);
  }, 300_000);
});
