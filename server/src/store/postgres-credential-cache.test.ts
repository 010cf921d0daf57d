import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOf, newToken, newUser } from '../test-support/store-fixtures.js';
import { openPostgresTestStore } from '../test-support/postgres-opener.js';
import { startTcpProxy, type TcpProxy } from '../test-support/tcp-proxy.js';
import type { Kysely } from 'kysely';
import { createPostgresStore } from './postgres.js';
import type { Database } from './schema.js';
import type { Store, TokenCredential } from './store.js';

// Issue 22, point 1 (ADR 0014): PostgreSQL remembers the credentials it has verified. A warm lookup sends no
// statement; a change made at another replica is seen within 1 s (the listener's notification, in practice a few
// milliseconds); a lost or frozen notification link stops the trust within 1 s, and a healed one brings it back.
const BOUND_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const refused = (c: TokenCredential | undefined) =>
  !c || c.suspended || c.revoked || c.user.disabled || !c.user.apiTokensEnabled;

/** Polls until `done`, failing past `ms`; the time it took. */
async function within(ms: number, done: () => Promise<boolean> | boolean): Promise<number> {
  const start = Date.now();
  while (!(await done())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await sleep(5);
  }
  return Date.now() - start;
}

/** Whether a lookup of this digest is answered from memory (no statement sent). */
async function answeredFromMemory(store: Store, digest: string): Promise<boolean> {
  await store.authTokens.findCredential(digest);
  const before = store.statementCount!();
  await store.authTokens.findCredential(digest);
  return store.statementCount!() === before;
}

/** Once the notifications of the token's creation have arrived, its lookups are answered from memory. */
const warm = (store: Store, digest: string) => within(BOUND_MS, () => answeredFromMemory(store, digest));

const trusted = (store: Store) => store.cacheStats!().trusted;

describe.skipIf(!process.env.TEST_DATABASE_URL)('the PostgreSQL credential memory', () => {
  const url = process.env.TEST_DATABASE_URL!;
  let a: Awaited<ReturnType<typeof openPostgresTestStore>>;
  let b: Store;
  let proxy: TcpProxy;
  /** A third replica whose listener (only) goes through the proxy. */
  let c: Store;

  beforeAll(async () => {
    a = await openPostgresTestStore(url);
    b = await createPostgresStore(url, { schema: a.schema, poolMax: 2 });
    const target = new URL(url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    c = await createPostgresStore(url, { schema: a.schema, poolMax: 2, listenUrl: proxy.rewrite(url) });
    await within(5000, () => trusted(a.store) && trusted(b) && trusted(c));
  });
  afterAll(async () => {
    await c?.close();
    await proxy?.close();
    await b?.close();
    await a?.cleanup();
  });

  async function tokenOf(prefix: string) {
    const owner = await a.store.users.create(newUser(`${prefix}-${randomUUID().slice(0, 8)}`));
    const token = newToken(owner.id);
    await a.store.authTokens.create(token, 10);
    return { owner: owner.id, token };
  }

  it('answers a warm lookup, known or unknown, without a statement', async () => {
    const { token } = await tokenOf('warm');
    const unknown = digestOf(randomUUID());
    await warm(b, token.digest);
    await warm(b, unknown);
    const before = b.statementCount!();
    const hitsBefore = b.cacheStats!().hits;
    for (let i = 0; i < 100; i++) {
      // A hit is answered synchronously, as the embedded store's lookup is.
      expect(b.authTokens.findCredential(token.digest)).toMatchObject({ tokenId: token.id });
      expect(await b.authTokens.findCredential(unknown)).toBeUndefined();
    }
    expect(b.statementCount!()).toBe(before);
    expect(b.cacheStats!().hits - hitsBefore).toBe(200);
  });

  const revocations: [string, (owner: string, tokenId: string) => Promise<unknown>][] = [
    ['a delete', (owner, id) => a.store.authTokens.delete(owner, id)],
    ['a suspension', (owner, id) => a.store.authTokens.setSuspended(owner, id, new Date().toISOString())],
    [
      'a regenerate',
      (owner, id) =>
        a.store.authTokens.regenerate(owner, id, {
          digest: digestOf(randomUUID()),
          hint: 'tsr_…new1',
          expiresAt: null,
          regeneratedAt: new Date().toISOString(),
        }),
    ],
    [
      'its owner disabled',
      (owner) => a.store.users.update(owner, { disabled: true, updatedAt: new Date().toISOString() }),
    ],
    [
      'its owner’s tokens turned off',
      (owner) => a.store.users.update(owner, { apiTokensEnabled: false, updatedAt: new Date().toISOString() }),
    ],
    ['its owner deleted', (owner) => a.store.users.delete(owner)],
  ];

  it.each(revocations)('refuses at another replica within the bound after %s', async (_kind, revoke) => {
    const { owner, token } = await tokenOf('revoked');
    await warm(b, token.digest);
    b.cacheStats!();
    await revoke(owner, token.id);
    const took = await within(BOUND_MS, async () => refused(await b.authTokens.findCredential(token.digest)));
    expect(took).toBeLessThan(BOUND_MS);
    // The notification measured its lag, and the memory serves again.
    const lags = b.cacheStats!().invalidationLagSeconds;
    expect(lags.length).toBeGreaterThan(0);
    expect(Math.max(...lags)).toBeLessThan(BOUND_MS / 1000);
    await warm(b, token.digest);
  });

  it('refuses on the writing replica on the very next lookup, before its notification arrives', async () => {
    // The listener of c is frozen: no notification reaches it, yet it still trusts its memory for a few hundred
    // milliseconds (TRUST_MS) — only the write tracking can make the next lookup refuse.
    for (let attempt = 0; attempt < 5; attempt++) {
      const owner = await c.users.create(newUser(`ryw-${randomUUID().slice(0, 8)}`));
      const token = newToken(owner.id);
      await c.authTokens.create(token, 10);
      await within(5000, () => trusted(c));
      await warm(c, token.digest);
      proxy.freeze();
      try {
        const deleted = await c.authTokens.delete(owner.id, token.id);
        const found = await c.authTokens.findCredential(token.digest);
        const stillTrusted = trusted(c);
        expect(deleted).toBe(true);
        expect(found).toBeUndefined();
        if (stillTrusted) return;
      } finally {
        proxy.heal();
      }
    }
    throw new Error('the listener never stayed trusted long enough to test');
  });

  for (const fault of ['cut', 'freeze'] as const) {
    it(`distrusts its memory when the notification link is ${fault === 'cut' ? 'cut' : 'frozen'}, and resynchronises after`, async () => {
      await within(5000, () => trusted(c));
      const { owner, token } = await tokenOf(fault);
      await warm(c, token.digest);
      proxy[fault]();
      try {
        // Right after the fault, a revocation whose notification cannot arrive: refused within the bound all the same.
        const start = Date.now();
        await a.store.authTokens.setSuspended(owner, token.id, new Date().toISOString());
        await within(BOUND_MS, async () => refused(await c.authTokens.findCredential(token.digest)));
        expect(Date.now() - start).toBeLessThan(BOUND_MS + 100);
        // Distrusted within the bound (not necessarily yet: a heartbeat's answer may still have been on its way).
        await within(BOUND_MS, () => !trusted(c));
        expect(await answeredFromMemory(c, token.digest)).toBe(false);
        // And so is a change made while the link is down.
        await a.store.authTokens.setSuspended(owner, token.id, null);
        expect(refused(await c.authTokens.findCredential(token.digest))).toBe(false);
      } finally {
        proxy.heal();
      }
      await within(10_000, () => trusted(c));
      await warm(c, token.digest);
      await a.store.authTokens.delete(owner, token.id);
      await within(BOUND_MS, async () => refused(await c.authTokens.findCredential(token.digest)));
    });
  }

  it('keeps its memory through a late heartbeat on the same connection, and sees a change made meanwhile', async () => {
    await within(5000, () => trusted(c));
    const kept = await tokenOf('thaw-kept');
    const changed = await tokenOf('thaw-changed');
    await warm(c, changed.token.digest); // both creations' notifications are in
    await warm(c, kept.token.digest);
    // Frozen until distrusted, then thawed: well before the 1.5 s stall that would replace the connection.
    const thawAfter = async (during: () => Promise<unknown> = async () => {}) => {
      proxy.freeze();
      try {
        await within(BOUND_MS + 500, () => !trusted(c));
        await during();
      } finally {
        proxy.heal();
      }
      await within(5000, () => trusted(c));
    };
    // A thaw past the 1.5 s stall (a loaded machine) is a new connection, whose drop is right: that try says nothing,
    // and is made again. On the same connection the first lookup after the thaw is from memory.
    let sameConnection = false;
    for (let attempt = 0; attempt < 3 && !sameConnection; attempt++) {
      await warm(c, kept.token.digest);
      const drops = c.cacheStats!().invalidations;
      await thawAfter();
      const before = c.statementCount!();
      expect(refused(await c.authTokens.findCredential(kept.token.digest))).toBe(false);
      const fromMemory = c.statementCount!() === before;
      sameConnection = c.cacheStats!().invalidations === drops;
      if (sameConnection) expect(fromMemory).toBe(true);
    }
    expect(sameConnection).toBe(true);
    // A suspension committed while the link was frozen: its notification arrived before the heartbeat's answer.
    await thawAfter(() => a.store.authTokens.setSuspended(changed.owner, changed.token.id, new Date().toISOString()));
    expect(refused(await c.authTokens.findCredential(changed.token.digest))).toBe(true);
  });

  it('keeps its memory through a write that changes no row (a job sweep finding nothing)', async () => {
    const { owner, token } = await tokenOf('sweep');
    await warm(b, token.digest);
    // What a sweep does when nothing is due: a delete, and an update in a transaction, that match no row.
    const db = (b as unknown as { db: Kysely<Database> }).db;
    await db.deleteFrom('auth_tokens').where('id', '=', randomUUID()).execute();
    await db
      .transaction()
      .execute((trx) => trx.updateTable('users').set({ disabled: 1 }).where('id', '=', randomUUID()).execute());
    expect(await answeredFromMemory(b, token.digest)).toBe(true);
    // A write of this replica that changes a row still drops it at once (read-your-writes).
    await db.updateTable('users').set({ display_name: 'Renamed' }).where('id', '=', owner).execute();
    const before = b.statementCount!();
    await b.authTokens.findCredential(token.digest);
    expect(b.statementCount!()).toBeGreaterThan(before);
  });

  it('keeps its memory through the last-used flush, its own or another replica’s', async () => {
    const { token } = await tokenOf('flush');
    await warm(b, token.digest);
    const at = new Date().toISOString();
    const use = { tokenId: token.id, at, ip: '198.51.100.7' };
    const client = {
      credentialId: token.id,
      ip: '198.51.100.7',
      userAgent: 'curl/8.5',
      firstAt: at,
      lastAt: at,
      count: 3,
    };
    await b.authTokens.recordLastUses([use], [client]);
    await a.store.authTokens.recordLastUses([{ ...use, ip: '203.0.113.9' }], [{ ...client, ip: '203.0.113.9' }]);
    await sleep(200); // any notification of the other replica's flush has arrived by now
    expect(await answeredFromMemory(b, token.digest)).toBe(true);
  });

  it('reads the tables on every lookup with the memory off', async () => {
    const off = await createPostgresStore(url, { schema: a.schema, poolMax: 1, credentialCacheSize: 0 });
    try {
      const { token } = await tokenOf('off');
      expect(await answeredFromMemory(off, token.digest)).toBe(false);
      expect(off.cacheStats!().trusted).toBe(false);
    } finally {
      await off.close();
    }
  });
});
