import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, openTestStore, type TestStore } from '../test-support/harness.js';
import { newToken, newUser } from '../test-support/store-fixtures.js';
import type { InventoryQuery } from './auth-tokens.js';
import { COUNT_BOUND } from './inventory-sql.js';

// A filter whose matches lie far along the sort order: more expired tokens than the count's bound, every one older
// than thousands of unexpired ones, listed newest first. The page looks a few thousand rows ahead along the order,
// finds no page of matches there and reads the expiry index instead (a walk past every unexpired token took seconds
// at a million); the answer must be the same rows in the same order, page after page.
const EXPIRED = COUNT_BOUND + 60;
const UNEXPIRED = 6000;
const now = '2026-12-01T00:00:00.000Z';
const day = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(backends)('the inventory when the matches lie far along the order (%s)', (kind) => {
  let t: TestStore;
  const expiredIds: string[] = []; // newest first
  beforeAll(async () => {
    t = await openTestStore(kind);
    const owner = await t.store.users.create(newUser('far'));
    const base = Date.parse('2024-01-01T00:00:00.000Z');
    const old = Array.from({ length: EXPIRED }, (_, i) =>
      newToken(owner.id, { createdAt: iso(base + i * 1000), expiresAt: iso(base + i * 1000 + 30 * day) }),
    );
    const young = Array.from({ length: UNEXPIRED }, (_, i) =>
      newToken(owner.id, { createdAt: iso(Date.parse('2026-06-01T00:00:00.000Z') + i * 1000) }),
    );
    await t.store.authTokens.bulkInsert([...old, ...young]);
    expiredIds.push(...old.map((x) => x.id).reverse());
  }, 60_000);
  afterAll(async () => t?.cleanup());

  const query = (extra: Partial<InventoryQuery> = {}): InventoryQuery => ({
    sort: { by: 'created', descending: true },
    now,
    limit: 50,
    ...extra,
  });

  it('lists the expired ones newest first, page after page, each once', async () => {
    const first = await t.store.authTokens.inventory(query({ status: 'expired' }));
    expect(first.totalIsLowerBound).toBe(true);
    expect(first.items.map((i) => i.token.id)).toEqual(expiredIds.slice(0, 50));
    const second = await t.store.authTokens.inventory(query({ status: 'expired', cursor: first.nextCursor! }));
    expect(second.items.map((i) => i.token.id)).toEqual(expiredIds.slice(50, 100));
    // Oldest first, the same matches lie right at the start of the order: walked, as before.
    const oldest = await t.store.authTokens.inventory(
      query({ status: 'expired', sort: { by: 'created', descending: false } }),
    );
    expect(oldest.items.map((i) => i.token.id)).toEqual(expiredIds.slice(-50).reverse());
  });

  it('still walks the order when the matches are near: the unexpired ones newest first', async () => {
    const page = await t.store.authTokens.inventory(query({ status: 'active' }));
    expect(page.items).toHaveLength(50);
    expect(page.items.every((i) => i.token.expiresAt === null)).toBe(true);
    const created = page.items.map((i) => i.token.createdAt);
    expect(created).toEqual([...created].sort().reverse());
  });
});
