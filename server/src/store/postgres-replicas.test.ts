import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, digestOf, newToken, newUser } from '../test-support/store-fixtures.js';
import { openPostgresTestStore } from '../test-support/postgres-opener.js';
import { createPostgresStore } from './postgres.js';
import { ROWS_PER_STATEMENT } from './postgres-last-use-flush.js';
import type { AuditEvent, ClientUse, NewNetworkUse, OldSecretUse, Store } from './store.js';

describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL across replicas', () => {
  const url = process.env.TEST_DATABASE_URL!;
  let a: Awaited<ReturnType<typeof openPostgresTestStore>>;
  let b: Store;
  beforeAll(async () => {
    // What is tested is what the replicas write, not how long: a flush of 2,300 tokens took one statement 7.6 s on a
    // loaded CI machine, past the 5 s request bound (the flush would retry it; this test would fail).
    a = await openPostgresTestStore(url, { timeoutMs: 60_000 });
    // A second, independent pool on the same schema stands in for a second replica.
    b = await createPostgresStore(url, { schema: a.schema, poolMax: 4, timeoutMs: 60_000 });
  });
  afterAll(async () => {
    await b?.close();
    await a?.cleanup();
  });

  it('holds the per-user limit when 20 creates race across two stores', async () => {
    const owner = (await a.store.users.create(newUser(`racer-${randomUUID().slice(0, 8)}`))).id;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? b : a.store).authTokens.create(newToken(owner), 10)),
    );
    expect(results.filter((r) => typeof r === 'object')).toHaveLength(10);
    expect(await a.store.authTokens.count(owner)).toBe(10);
    expect(await b.authTokens.count(owner)).toBe(10);
  });

  // Each store remembers what it looked up; the other's change reaches it as a notification (ADR 0014), within 1 s.
  const refusedWithin1s = (store: Store, digest: string) =>
    expect.poll(() => store.authTokens.findCredential(digest), { timeout: 1000, interval: 5 }).toBeUndefined();

  it('sees a delete and a regenerate made through the other store within a second', async () => {
    const owner = (await a.store.users.create(newUser(`revoker-${randomUUID().slice(0, 8)}`))).id;
    const t1 = newToken(owner);
    const t2 = newToken(owner);
    await a.store.authTokens.create(t1, 10);
    await a.store.authTokens.create(t2, 10);
    expect((await b.authTokens.findCredential(t1.digest))?.tokenId).toBe(t1.id);
    await a.store.authTokens.delete(owner, t1.id);
    await refusedWithin1s(b, t1.digest);
    await b.authTokens.regenerate(owner, t2.id, {
      digest: digestOf(randomUUID()),
      hint: 'tsr_…new1',
      expiresAt: null,
      regeneratedAt: new Date().toISOString(),
    });
    await refusedWithin1s(a.store, t2.digest);
  });

  it('loses no last-used update when two stores flush interleaved batches concurrently', async () => {
    const owner = (await a.store.users.create(newUser(`user-${randomUUID().slice(0, 8)}`))).id;
    const tokens = Array.from({ length: 20 }, () => newToken(owner));
    await a.store.authTokens.bulkInsert(tokens);
    // Each store flushes 10 batches; for every token the newest use lands in a random one of them.
    const newest = new Map<string, { at: string; ip: string }>();
    const batches: { store: Store; uses: { tokenId: string; at: string; ip: string }[] }[] = [];
    for (let round = 0; round < 20; round++) {
      const uses = tokens.map((t, i) => ({
        tokenId: t.id,
        at: at(10_000 + ((round * 7919 + i * 104729) % 100_000)),
        ip: `198.51.100.${round}`,
      }));
      for (const u of uses) if ((newest.get(u.tokenId)?.at ?? '') < u.at) newest.set(u.tokenId, { at: u.at, ip: u.ip });
      // Replicas flush their tokens in whatever order uses arrived; the store must not deadlock on that.
      for (let i = uses.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [uses[i], uses[j]] = [uses[j]!, uses[i]!];
      }
      batches.push({ store: round % 2 ? b : a.store, uses });
    }
    await Promise.all(batches.map(({ store, uses }) => store.authTokens.recordLastUses(uses)));
    for (const t of await b.authTokens.list(owner)) {
      expect({ at: t.lastUsedAt, ip: t.lastUsedIp }).toEqual(newest.get(t.id));
    }
  });

  it('notifies a new network once when two stores flush it concurrently, and does not deadlock on the clients', async () => {
    const owner = (await a.store.users.create(newUser(`nets-${randomUUID().slice(0, 8)}`))).id;
    const tokens = Array.from({ length: 10 }, () => newToken(owner));
    await a.store.authTokens.bulkInsert(tokens);
    const now = Date.now();
    const use = (tokenId: string, ip: string, userAgent: string, msAgo: number): ClientUse => ({
      credentialId: tokenId,
      ip,
      userAgent,
      firstAt: new Date(now - msAgo - 100).toISOString(),
      lastAt: new Date(now - msAgo).toISOString(),
      count: 1,
    });
    const eventOf = (n: NewNetworkUse): AuditEvent => ({
      id: randomUUID(),
      at: new Date().toISOString(),
      action: 'auth_token.new_network',
      outcome: 'success',
      actorId: null,
      actorUsername: null,
      targetUserId: n.userId,
      tokenId: n.credentialId,
      ip: n.ip,
      userAgent: n.userAgent,
      details: { network: n.network },
    });
    // Every token knows 198.51.100.0/24 and 192.0.2.0/24 first.
    await a.store.authTokens.recordLastUses(
      [],
      tokens.flatMap((t) => [
        use(t.id, '198.51.100.1', 'curl/8.5', 60_000),
        use(t.id, '192.0.2.200', 'curl/8.5', 60_000),
      ]),
    );
    for (let round = 0; round < 5; round++) {
      // Both replicas saw every token used from the same new /24 (other addresses and agents), in their own order,
      // plus pairs of their own that trim each other's (more than 20 per token).
      const batch = (replica: number) =>
        tokens
          .flatMap((t) => [
            use(t.id, `10.${round}.0.${replica + 1}`, `agent-${replica}`, 1000 + replica),
            ...Array.from({ length: 12 }, (_, i) => use(t.id, `192.0.2.${i}`, `r${replica}-${round}`, 2000 + i)),
          ])
          .sort(() => Math.random() - 0.5);
      const [x, y] = await Promise.all([
        a.store.authTokens.recordLastUses([], batch(0), eventOf),
        b.authTokens.recordLastUses([], batch(1), eventOf),
      ]);
      const notified = [...x, ...y].map((e) => e.tokenId).sort();
      expect(notified).toEqual(tokens.map((t) => t.id).sort());
    }
    for (const t of tokens)
      expect((await b.authTokens.clients(t.id, new Date(now - 86_400_000).toISOString())).length).toBe(20);
  });

  it('writes a batch larger than one statement takes: every last use, pair and new network', async () => {
    const owner = (await a.store.users.create(newUser(`big-${randomUUID().slice(0, 8)}`))).id;
    const tokens = Array.from({ length: ROWS_PER_STATEMENT + 300 }, () => newToken(owner));
    await a.store.authTokens.bulkInsert(tokens);
    const now = Date.now();
    const use = (tokenId: string, ip: string, msAgo: number): ClientUse => ({
      credentialId: tokenId,
      ip,
      userAgent: 'curl/8.5',
      firstAt: new Date(now - msAgo - 100).toISOString(),
      lastAt: new Date(now - msAgo).toISOString(),
      count: 1,
    });
    const eventOf = (n: NewNetworkUse): AuditEvent => ({
      id: randomUUID(),
      at: new Date().toISOString(),
      action: 'auth_token.new_network',
      outcome: 'success',
      actorId: null,
      actorUsername: null,
      targetUserId: n.userId,
      tokenId: n.credentialId,
      ip: n.ip,
      userAgent: n.userAgent,
      details: { network: n.network },
    });
    const at = new Date(now - 5000).toISOString();
    // First use of every token: its first network, silent.
    expect(
      await b.authTokens.recordLastUses(
        tokens.map((t) => ({ tokenId: t.id, at, ip: '198.51.100.1' })),
        tokens.map((t) => use(t.id, '198.51.100.1', 5000)),
        eventOf,
      ),
    ).toEqual([]);
    // Then every token from a new network (two addresses of it: the earlier one is reported).
    const events = await b.authTokens.recordLastUses(
      [],
      tokens.flatMap((t) => [use(t.id, '203.0.113.2', 1000), use(t.id, '203.0.113.1', 2000)]),
      eventOf,
    );
    expect(events.map((e) => e.tokenId).sort()).toEqual(tokens.map((t) => t.id).sort());
    expect(new Set(events.map((e) => e.ip))).toEqual(new Set(['203.0.113.1']));
    for (const t of [tokens[0]!, tokens[ROWS_PER_STATEMENT]!, tokens.at(-1)!]) {
      expect((await b.authTokens.get(owner, t.id))?.lastUsedAt).toBe(at);
      expect((await b.authTokens.clients(t.id, new Date(now - 86_400_000).toISOString())).length).toBe(3);
    }
  });

  it('tells the owner of an old secret’s client once when two replicas flush the same pair at once', async () => {
    const owner = (await a.store.users.create(newUser(`grace-${randomUUID().slice(0, 8)}`))).id;
    const t = newToken(owner);
    await a.store.authTokens.create(t, 10);
    const startedAt = new Date().toISOString();
    await a.store.authTokens.regenerate(owner, t.id, {
      digest: digestOf(randomUUID()),
      hint: 'tsr_…new1',
      expiresAt: null,
      regeneratedAt: startedAt,
      graceUntil: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const use = (): OldSecretUse => ({
      kind: 'auth_token',
      credentialId: t.id,
      startedAt,
      at: new Date().toISOString(),
      ip: '198.51.100.9',
      userAgent: 'curl/8.5',
      count: 3,
      clients: [
        {
          ip: '198.51.100.9',
          userAgent: 'curl/8.5',
          audit: {
            id: randomUUID(),
            at: startedAt,
            action: 'auth_token.old_secret_use',
            outcome: 'success',
            actorId: null,
            actorUsername: null,
            targetUserId: owner,
            tokenId: t.id,
            ip: '198.51.100.9',
            userAgent: 'curl/8.5',
            details: null,
          },
        },
      ],
    });
    const written = await Promise.all([a.store.graceWindows.recordUses([use()]), b.graceWindows.recordUses([use()])]);
    expect(written.flat()).toHaveLength(1);
    const w = (await b.graceWindows.open('auth_token', [t.id], new Date().toISOString())).get(t.id);
    expect(w?.oldSecretUseCount).toBe(6);
    const audit = await a.store.audit.list({ action: 'auth_token.old_secret_use', userId: owner, limit: 10 });
    expect(audit.events).toHaveLength(1);
  });
});
