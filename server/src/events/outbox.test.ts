import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { pino } from 'pino';
import { JobRunner } from '../jobs/runner.js';
import { createPostgresStore } from '../store/postgres.js';
import { dropSchema, newTestSchema } from '../test-support/postgres-opener.js';
import { backends, SAME_ORIGIN, startTestApp, type TestApp } from '../test-support/harness.js';
import type { DomainEvent } from './catalog.js';
import { EventDispatcher } from './dispatcher.js';

// Issue 19's core: a change that is a domain event writes its outbox row in its audit row's transaction, the
// dispatcher hands pending events to every handler (again after a handler fails) and marks them, and a job runs on
// one replica at a time.
describe.each(backends)('domain events on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  it('writes an event for each audited change, none for a refused one, and dispatches each once', async () => {
    const seen: DomainEvent[] = [];
    let fail = true;
    t.tessera.events.on({
      name: 'test',
      handle: async (events) => {
        if (fail) {
          fail = false;
          throw new Error('a handler failure');
        }
        seen.push(...events);
      },
    });
    const admin = await t.signIn();
    const bob = await t.createUser('outbox-bob');
    const created = await t.createToken(admin, bob, { description: 'for bob' });
    await admin.patch(`/api/users/${bob}/auth-tokens/${created.id}`).set(SAME_ORIGIN).send({ description: 'renamed' });
    // A refusal (unknown token) and a use are audited but are no domain event.
    await t.http.get('/api/whoami').set('Authorization', `Bearer ${created.token}`);

    await expect(t.tessera.jobs.runNow('events.dispatch')).rejects.toThrow('a handler failure');
    expect(seen).toEqual([]);
    expect(await t.tessera.jobs.runNow('events.dispatch')).toBe(true);
    const types = seen.map((e) => e.type);
    expect(types).toEqual(['user.created', 'auth_token.created', 'auth_token.updated']);
    const tokenEvent = seen[1]!;
    expect(tokenEvent).toMatchObject({ userId: bob, tokenId: created.id });
    expect(tokenEvent.data).toMatchObject({ tokenId: created.id, userId: bob, actor: { username: 'admin' } });
    expect(JSON.stringify(seen)).not.toContain(created.token);
    // Dispatched once: the next run finds nothing.
    seen.length = 0;
    await t.tessera.jobs.runNow('events.dispatch');
    expect(seen).toEqual([]);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('jobs on PostgreSQL replicas', () => {
  const url = process.env.TEST_DATABASE_URL!;
  const schema = newTestSchema();
  const logger = pino({ level: 'silent' });

  afterAll(() => dropSchema(url, schema));

  it('runs a job on one replica at a time, and again once the first run ends', async () => {
    const [a, b] = await Promise.all([
      createPostgresStore(url, { schema, poolMax: 3 }),
      createPostgresStore(url, { schema, poolMax: 3 }),
    ]);
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const runs: string[] = [];
      const job = (name: string) => ({
        name: 'test.exclusive',
        intervalMs: 60_000,
        run: async () => {
          runs.push(name);
          if (name === 'a') await held;
        },
      });
      const ra = new JobRunner(a.jobLock, logger).register(job('a'));
      const rb = new JobRunner(b.jobLock, logger).register(job('b'));
      const first = ra.runNow('test.exclusive');
      while (runs.length === 0) await new Promise((r) => setTimeout(r, 10));
      expect(await rb.runNow('test.exclusive')).toBe(false);
      expect(await ra.runNow('test.exclusive')).toBe(false);
      release();
      expect(await first).toBe(true);
      expect(await rb.runNow('test.exclusive')).toBe(true);
      expect(runs).toEqual(['a', 'b']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("takes no connection from the store's pool: two jobs at once and a request still run on a pool of one", async () => {
    // Before, each run pinned a pooled connection for its lock: with TESSERA_PG_POOL_MAX=1 a job's own query waited
    // for the pool's only connection (held by its lock) until the pool's timeout, and requests waited with it.
    const a = await createPostgresStore(url, { schema, poolMax: 1 });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const entered: string[] = [];
      const job = (name: string) => ({
        name,
        intervalMs: 60_000,
        run: async () => {
          await a.ping();
          entered.push(name);
          await held;
          await a.ping();
        },
      });
      const runner = new JobRunner(a.jobLock, logger).register(job('test.one')).register(job('test.two'));
      const runs = [runner.runNow('test.one'), runner.runNow('test.two')];
      const deadline = Date.now() + 5_000;
      while (entered.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(entered.sort()).toEqual(['test.one', 'test.two']);
      // A request's query, while both jobs hold their locks.
      await expect(a.ping()).resolves.toBeUndefined();
      release();
      expect(await Promise.all(runs)).toEqual([true, true]);
    } finally {
      await a.close();
    }
  });

  it("aborts a replica's runs when its lock connection dies, and frees their locks for another replica", async () => {
    const a = await createPostgresStore(url, { schema, poolMax: 2 });
    const b = await createPostgresStore(url, { schema, poolMax: 2 });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      let abortedWith: unknown;
      const ra = new JobRunner(a.jobLock, logger).register({
        name: 'test.killed',
        intervalMs: 60_000,
        run: ({ signal }) => {
          entered();
          return new Promise<void>((resolve) =>
            signal.addEventListener('abort', () => {
              abortedWith = signal.reason;
              resolve();
            }),
          );
        },
      });
      const killed = ra.runNow('test.killed');
      await inside;
      const rb = new JobRunner(b.jobLock, logger).register({
        name: 'test.killed',
        intervalMs: 60_000,
        run: async () => {},
      });
      expect(await rb.runNow('test.killed')).toBe(false);
      // Replica A's lock connection dies mid-run (the session terminated, the network cut) while A lives on:
      // PostgreSQL releases the lock, so A's run must stop before B may start the same job.
      await admin.query(
        `select pg_terminate_backend(pid) from pg_locks
          where locktype = 'advisory' and classid = hashtext($1)::oid and granted`,
        [schema],
      );
      const timeout = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 5_000));
      // Not stopped: the lost lock alone ends the run.
      expect(await Promise.race([killed, timeout])).toBe(true);
      expect(String(abortedWith)).toContain('connection was lost');
      let ran = false;
      for (let i = 0; i < 100 && !ran; i++) {
        ran = await rb.runNow('test.killed');
        if (!ran) await new Promise((r) => setTimeout(r, 50));
      }
      expect(ran).toBe(true);
      await ra.stop();
    } finally {
      await admin.end();
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('the dispatcher', () => {
  it('is a job named events.dispatch', () => {
    const d = new EventDispatcher({
      append: async () => {},
      pending: async () => [],
      markDispatched: async () => {},
      purgeDispatched: async () => 0,
    });
    expect(d.job().name).toBe('events.dispatch');
  });
});
