import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createApp, type Tessera } from '../app.js';
import { testConfig } from '../config.js';
import { TokenInventoryService } from '../inventory/service.js';
import { JobRunner } from '../jobs/runner.js';
import { createPostgresStore } from '../store/postgres.js';
import type { KyselyStore } from '../store/kysely-store.js';
import type { Store } from '../store/store.js';
import { backends, openTestStore, type TestStore } from '../test-support/harness.js';
import { dropSchema, newTestSchema } from '../test-support/postgres-opener.js';
import { digestOf, newUser } from '../test-support/store-fixtures.js';
import { RevocationService } from './service.js';

// Issue 19, point 4: tokens unused for `revokeUnusedAfterDays` are revoked by a job, as a revocation of kind
// `inactive`, batch by batch (each batch one transaction: the tokens marked, their audit rows, the count). A run
// stopped between batches leaves every row consistent and the next run revokes the rest; on PostgreSQL only one
// replica runs the job at a time.
const DAY = 86_400_000;
const logger = pino({ level: 'silent' });
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

/** The app's services over a store, and a revocation service with tiny batches (so a run has many steps). */
function serviceOn(store: Store): { tessera: Tessera; service: RevocationService } {
  const tessera = createApp({
    config: testConfig(),
    store,
    logger,
    sessionSecret: 'test-session-secret-long-enough-x',
  });
  const { authTokens, users, audit } = tessera.services;
  const inventory = new TokenInventoryService(store.authTokens, authTokens, users);
  const service = new RevocationService(store.revocations, inventory, audit, {
    dialect: store.dialect,
    undoMinutes: 10,
    logger,
    pace: { span: 3, batch: 2 },
  });
  return { tessera, service };
}

/** `old` tokens made 200 days ago and never used, two made yesterday, one old but used two days ago. */
async function seed(store: Store, old: number) {
  const owner = (await store.users.create(newUser(`inactive-${randomUUID().slice(0, 8)}`))).id;
  const token = (createdAt: string) => {
    const id = randomUUID();
    return {
      id,
      userId: owner,
      name: null,
      description: 'seeded',
      hint: 'tsr_…seed',
      digest: digestOf(id),
      createdAt,
      createdBy: owner,
      expiresAt: null,
    };
  };
  const stale = Array.from({ length: old }, () => token(daysAgo(200)));
  const fresh = [token(daysAgo(1)), token(daysAgo(1))];
  const used = token(daysAgo(200));
  await store.authTokens.bulkInsert([...stale, ...fresh, used]);
  await store.authTokens.recordLastUses([{ tokenId: used.id, at: daysAgo(2), ip: '192.0.2.1' }]);
  return { owner, stale: stale.map((t) => t.id), kept: [...fresh, used].map((t) => t.id) };
}

/** Every inactive revocation's count against the tokens it marked and the audit rows written for it. */
async function consistency(store: Store) {
  const db = (store as KyselyStore).db;
  const revocations = await db.selectFrom('token_revocations').selectAll().where('kind', '=', 'inactive').execute();
  const out = [];
  for (const r of revocations) {
    const tokens = await db.selectFrom('auth_tokens').select('id').where('revocation_id', '=', r.id).execute();
    const audits = await db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'auth_token.revoke')
      .where('details', 'like', `%${r.id}%`)
      .execute();
    out.push({ count: Number(r.count), tokens: tokens.length, audits: audits.length });
  }
  return out;
}

/** A signal that reads as aborted from its `after`+1-th check on: a replica stopped between two batches. */
const abortedAfter = (after: number) => {
  let checks = 0;
  return {
    get aborted() {
      return ++checks > after;
    },
  } as AbortSignal;
};

describe.each(backends)('inactivity revocation (%s)', (kind) => {
  let ts: TestStore;
  let tessera: Tessera;
  let service: RevocationService;
  beforeAll(async () => {
    ts = await openTestStore(kind);
    ({ tessera, service } = serviceOn(ts.store));
  });
  afterAll(async () => {
    await tessera.shutdown();
    await ts.cleanup();
  });

  it('revokes only tokens unused for the days given; a run stopped half-way is consistent and the next finishes', async () => {
    const { stale, kept } = await seed(ts.store, 7);
    const first = await service.revokeInactive(90, new Date(), abortedAfter(2));
    // Two batches ran (of at most two tokens each; on PostgreSQL a span of ids also holds other tokens), then the run
    // was stopped: what was marked is counted and audited, nothing else.
    const n = first?.count ?? 0;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(7);
    expect(await consistency(ts.store)).toEqual([{ count: n, tokens: n, audits: n }]);

    const second = await service.revokeInactive(90, new Date());
    expect(second?.count).toBe(7 - n);
    const rows = await consistency(ts.store);
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.tokens).toBe(r.count);
    for (const r of rows) expect(r.audits).toBe(r.count);
    for (const id of stale) expect((await ts.store.authTokens.findCredential(digestOf(id)))?.revoked).toBe(true);
    for (const id of kept) expect((await ts.store.authTokens.findCredential(digestOf(id)))?.revoked).toBe(false);
    // Nothing left: no empty revocation is recorded.
    expect(await service.revokeInactive(90, new Date())).toBeUndefined();
    expect(await consistency(ts.store)).toHaveLength(2);
    const events = (await ts.store.events.pending(100)).filter((e) => e.type === 'auth_token.revoked');
    expect(events).toHaveLength(7);
    expect(events[0]!.data).toMatchObject({ reason: 'inactive', kind: 'inactive', actor: { id: null } });
  });

  it('runs as the auth_tokens.revoke_inactive job only when a limit is set', async () => {
    const { stale } = await seed(ts.store, 2);
    let days: number | null = null;
    const runner = new JobRunner(ts.store.jobLock, logger);
    for (const job of service.jobs(() => days)) runner.register(job);
    expect(await runner.runNow('auth_tokens.revoke_inactive')).toBe(true);
    expect((await ts.store.authTokens.findCredential(digestOf(stale[0]!)))?.revoked).toBe(false);
    days = 90;
    expect(await runner.runNow('auth_tokens.revoke_inactive')).toBe(true);
    for (const id of stale) expect((await ts.store.authTokens.findCredential(digestOf(id)))?.revoked).toBe(true);
    // The app registers the job too, with no limit until the policy sets one.
    expect(tessera.jobs.names()).toEqual(
      expect.arrayContaining(['auth_tokens.revoke_inactive', 'revocations.finalise']),
    );
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('inactivity revocation on PostgreSQL replicas', () => {
  const url = process.env.TEST_DATABASE_URL!;
  const schema = newTestSchema();
  afterAll(() => dropSchema(url, schema));

  it('runs on one replica at a time; a replica stopped mid-run loses nothing and the other finishes', async () => {
    const stores = await Promise.all([
      createPostgresStore(url, { schema, poolMax: 3 }),
      createPostgresStore(url, { schema, poolMax: 3 }),
    ]);
    const apps = stores.map(serviceOn);
    const runners = stores.map((s, i) => {
      const r = new JobRunner(s.jobLock, logger);
      for (const job of apps[i]!.service.jobs(() => 90)) r.register(job);
      return r;
    });
    try {
      const { stale } = await seed(stores[0]!, 120);
      // Both at once: one runs, the other finds the lock held.
      const ran = await Promise.all(runners.map((r) => r.runNow('auth_tokens.revoke_inactive')));
      expect(ran.filter(Boolean)).toHaveLength(1);
      expect(await consistency(stores[1]!)).toEqual([{ count: 120, tokens: 120, audits: 120 }]);

      // The first replica is stopped mid-run (its runner aborts the run between two batches); the second finishes.
      const more = await seed(stores[0]!, 120);
      const run = runners[0]!.runNow('auth_tokens.revoke_inactive');
      const db = (stores[1] as KyselyStore).db;
      const marked = async () =>
        Number(
          (
            await db
              .selectFrom('auth_tokens')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('id', 'in', more.stale)
              .where('revoked_at', 'is not', null)
              .executeTakeFirstOrThrow()
          ).n,
        );
      while ((await marked()) === 0) await new Promise((r) => setTimeout(r, 5));
      await runners[0]!.stop();
      await run;
      const partial = await marked();
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(120);
      expect(await runners[1]!.runNow('auth_tokens.revoke_inactive')).toBe(true);
      expect(await marked()).toBe(120);
      const rows = await consistency(stores[1]!);
      expect(rows).toHaveLength(3);
      for (const r of rows) expect(r).toEqual({ count: r.tokens, tokens: r.tokens, audits: r.tokens });
      expect(rows.reduce((n, r) => n + r.count, 0)).toBe(240);
      expect(stale).toHaveLength(120);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
      await Promise.all(apps.map((a) => a.tessera.shutdown()));
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
