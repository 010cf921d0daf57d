import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyError } from '../http/error-classifier.js';
import { dropSchema, newTestSchema } from '../test-support/postgres-opener.js';
import { startTcpProxy, type TcpProxy } from '../test-support/tcp-proxy.js';
import { createPostgresStore, type PostgresStore } from './postgres.js';

const databaseUrl = process.env.TEST_DATABASE_URL;
const TIMEOUT_MS = 500;

/** The PostgreSQL store's bounds, on a real server behind a proxy that can go silent. */
describe.skipIf(!databaseUrl)('PostgreSQL timeouts', () => {
  const schema = newTestSchema();
  let proxy: TcpProxy;
  let store: PostgresStore;

  beforeAll(async () => {
    const target = new URL(databaseUrl!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    store = await createPostgresStore(proxy.rewrite(databaseUrl!), { schema, poolMax: 2, timeoutMs: TIMEOUT_MS });
  }, 60_000);
  afterAll(async () => {
    proxy?.heal();
    await store?.close();
    await proxy?.close();
    await dropSchema(databaseUrl!, schema);
  });

  it('cancels a statement that outlasts the timeout, a 503, and the connection serves the next query', async () => {
    const err = await sql`select pg_sleep(3)`.execute(store.db).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as { code?: string }).code).toBe('57014');
    expect(classifyError(err)).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(classifyError(err).headers['Retry-After']).toBeDefined();
    await store.ping();
  });

  it('gives up on a silent database a second after the timeout, closes that connection, and recovers', async () => {
    await store.ping();
    const open = proxy.connections();
    proxy.freeze();
    const started = performance.now();
    const err = await store.ping().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    const ms = performance.now() - started;
    expect(err?.message).toBe('Query read timeout');
    expect(classifyError(err).status).toBe(503);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(ms).toBeLessThan(TIMEOUT_MS + 1000 + 3000);
    // The connection that never answered is closed, not handed to the next request to wait on again.
    await expect.poll(() => proxy.connections(), { timeout: 2000 }).toBe(open - 1);
    proxy.heal();
    await store.ping();
  });

  it('ends the jobs’ lock connection when it stops answering: runs holding its locks are told they lost them', async () => {
    let lost: AbortSignal | undefined;
    let release!: () => void;
    const holding = store.jobLock.tryRun('outage-test-holder', async (lockLost) => {
      lost = lockLost;
      await new Promise<void>((r) => (release = r));
    });
    await expect.poll(() => lost, { timeout: 5000 }).toBeDefined();
    proxy.freeze();
    const started = performance.now();
    await expect(store.jobLock.tryRun('outage-test-other', async () => 'ran')).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 1000 + 3000);
    await expect.poll(() => lost!.aborted, { timeout: 2000 }).toBe(true);
    release();
    await holding;
    proxy.heal();
    expect(await store.jobLock.tryRun('outage-test-other', async () => 'ran')).toEqual({ ran: true, value: 'ran' });
  });
});
