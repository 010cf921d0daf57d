import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, openTestStore, type TestStore } from '../test-support/harness.js';
import { migrateTestStore } from '../test-support/migrate.js';
import { newToken, newUser } from '../test-support/store-fixtures.js';
import type { AuditEvent } from './audit.js';
import {
  MAX_CLIENTS_PER_CREDENTIAL,
  MAX_NETWORKS_PER_CREDENTIAL,
  purgeClients,
  type ClientUse,
  type NewNetworkUse,
} from './credential-clients.js';
import type { KyselyStore } from './kysely-store.js';
import type { Store } from './store.js';

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** A new-network event as the audit service would make it (store tests need no service). */
const eventOf = (n: NewNetworkUse): AuditEvent => ({
  id: `evt-${n.credentialId}-${n.network}-${Math.random()}`,
  at: new Date().toISOString(),
  action: 'auth_token.new_network',
  outcome: 'success',
  actorId: null,
  actorUsername: null,
  targetUserId: n.userId,
  tokenId: n.credentialId,
  ip: n.ip,
  userAgent: n.userAgent,
  details: { description: n.name, ip: n.ip, userAgent: n.userAgent, network: n.network },
});

// Issue 20, points 1 and 4: the store's side of recent clients and known networks, on both databases.
describe.each(backends)('credential clients on %s', (kind) => {
  let ts: TestStore;
  let store: Store;
  let owner: string;
  let tokenId: string;
  const use = (ip: string | null, userAgent: string | null, lastMsAgo: number, count = 1): ClientUse => ({
    credentialId: tokenId,
    ip,
    userAgent,
    firstAt: ago(lastMsAgo + 1000),
    lastAt: ago(lastMsAgo),
    count,
  });
  const write = (uses: ClientUse[]) => store.authTokens.recordLastUses([], uses, eventOf);
  const listed = () => store.authTokens.clients(tokenId, ago(30 * DAY));

  beforeEach(async () => {
    ts = await openTestStore(kind);
    store = ts.store;
    owner = (await store.users.create(newUser('owner'))).id;
    const token = newToken(owner, { description: 'the script' });
    await store.authTokens.create(token, 10);
    tokenId = token.id;
  });
  afterEach(async () => ts.cleanup());

  it('adds counts per pair, keeps the first and the last seen, and answers newest first', async () => {
    const first = use('192.0.2.1', 'curl/8.5', 5000, 3);
    await write([first, use('192.0.2.2', null, 4000, 1)]);
    const second = use('192.0.2.1', 'curl/8.5', 1000, 2);
    await write([second]);
    const [a, b, ...rest] = await listed();
    expect(rest).toEqual([]);
    expect(a).toEqual({
      ip: '192.0.2.1',
      userAgent: 'curl/8.5',
      count: 5,
      firstSeenAt: first.firstAt,
      lastSeenAt: second.lastAt,
    });
    expect(b).toMatchObject({ ip: '192.0.2.2', userAgent: null, count: 1 });
  });

  it('adds up two uses in one batch whose user agents are stored alike (one row, counted once each)', async () => {
    // 'curl/8.5\n' is stored as 'curl/8.5': one pair, which a set-based upsert may touch only once per statement.
    const [older, newer] = [use('192.0.2.1', 'curl/8.5', 3000, 2), use('192.0.2.1', 'curl/8.5\n', 2000, 3)];
    await write([older!, newer!]);
    expect(await listed()).toEqual([
      { ip: '192.0.2.1', userAgent: 'curl/8.5', firstSeenAt: older!.firstAt, lastSeenAt: newer!.lastAt, count: 5 },
    ]);
  });

  it('keeps at most 20 pairs per token, those seen last', async () => {
    const uses = Array.from({ length: 25 }, (_, i) => use(`192.0.2.${i + 1}`, 'curl/8.5', (25 - i) * 60_000));
    await write(uses.slice(0, 15));
    await write(uses.slice(15));
    const kept = await listed();
    expect(kept).toHaveLength(MAX_CLIENTS_PER_CREDENTIAL);
    expect(kept.map((c) => c.ip)).toEqual(
      Array.from({ length: 20 }, (_, i) => `192.0.2.${25 - i}`), // 25 … 6: the five seen first are gone
    );
  });

  it('drops pairs older than 30 days, and starts a pair seen again after that afresh', async () => {
    await write([use('192.0.2.1', 'old/1', 31 * DAY, 7), use('192.0.2.2', 'again/1', 40 * DAY, 9)]);
    // Not listed: older than 30 days.
    expect(await listed()).toEqual([]);
    await write([use('192.0.2.2', 'again/1', 1000, 1)]);
    expect(await listed()).toMatchObject([{ ip: '192.0.2.2', userAgent: 'again/1', count: 1 }]);
    const db = (store as KyselyStore).db;
    const rows = await db.selectFrom('auth_token_clients').select('ip').where('token_id', '=', tokenId).execute();
    // The new pair's write trimmed the token's stale ones.
    expect(rows.map((r) => r.ip)).toEqual(['192.0.2.2']);
    // The retention purge drops them for tokens not used since.
    await write([use('192.0.2.3', 'x/1', 1000)]);
    await db
      .updateTable('auth_token_clients')
      .set({ last_seen_at: ago(31 * DAY) })
      .execute();
    expect(await store.credentialClients.purge(ago(30 * DAY))).toBe(2);
    expect(await purgeClients(db, ago(30 * DAY))).toBe(0);
  });

  it('does not record a use older than the last regenerate (the replaced secret’s)', async () => {
    await store.authTokens.regenerate(owner, tokenId, {
      digest: 'f'.repeat(64),
      hint: 'tsr_…new1',
      expiresAt: null,
      regeneratedAt: ago(10_000),
    });
    await write([use('192.0.2.1', 'old-secret/1', 20_000), use('192.0.2.2', 'new-secret/1', 1000)]);
    expect((await listed()).map((c) => c.userAgent)).toEqual(['new-secret/1']);
  });

  it('learns networks: the first silently, a new /24 once, a known one never; deleted with the token', async () => {
    expect(await write([use('198.51.100.4', 'curl/8.5', 5000)])).toEqual([]);
    expect(await write([use('198.51.100.200', 'curl/8.5', 4000)])).toEqual([]);
    const events = await write([use('203.0.113.9', 'wget/1.21', 3000), use('203.0.113.10', 'wget/1.21', 2000)]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      targetUserId: owner,
      tokenId,
      details: { description: 'the script', ip: '203.0.113.9', network: '203.0.113.0/24' },
    });
    const audit = await store.audit.list({ action: 'auth_token.new_network', limit: 10 });
    expect(audit.events.map((e) => e.id)).toEqual([events[0]!.id]);
    // The domain event that makes the owner's notification was written with it.
    expect((await store.events.pending(10)).map((e) => [e.type, e.tokenId])).toEqual([
      ['auth_token.used_from_new_network', tokenId],
    ]);
    expect(await write([use('203.0.113.77', 'wget/1.21', 1000)])).toEqual([]);

    await store.authTokens.delete(owner, tokenId);
    const db = (store as KyselyStore).db;
    for (const table of ['auth_token_clients', 'auth_token_networks'] as const)
      expect(await db.selectFrom(table).selectAll().where('token_id', '=', tokenId).execute()).toEqual([]);
  });

  it('keeps at most 100 known networks per token', async () => {
    const uses = Array.from({ length: MAX_NETWORKS_PER_CREDENTIAL + 5 }, (_, i) =>
      use(`10.${Math.floor(i / 200)}.${i % 200}.1`, 'scan/1', (200 - i) * 1000),
    );
    await write(uses);
    const db = (store as KyselyStore).db;
    const rows = await db.selectFrom('auth_token_networks').select('prefix').where('token_id', '=', tokenId).execute();
    expect(rows).toHaveLength(MAX_NETWORKS_PER_CREDENTIAL);
  });

  it('seeds known networks from last-used addresses when the migration runs, so the next use is not news', async () => {
    const db = (store as KyselyStore).db;
    // Back to before the credential-clients migration (later migrations were added after it).
    await migrateTestStore(db, kind, '20261209_0940_inventory_indexes');
    await store.authTokens.recordLastUses([{ tokenId, at: ago(DAY), ip: '198.51.100.4' }]);
    await migrateTestStore(db, kind);
    const rows = await db.selectFrom('auth_token_networks').select('prefix').where('token_id', '=', tokenId).execute();
    expect(rows.map((r) => r.prefix)).toEqual(['198.51.100.0/24']);
    expect(await write([use('198.51.100.9', 'curl/8.5', 1000)])).toEqual([]);
    expect(await write([use('192.0.2.9', 'curl/8.5', 500)])).toHaveLength(1);
  });
});
