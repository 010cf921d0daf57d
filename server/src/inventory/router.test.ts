import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { SAME_ORIGIN, backends, startTestApp, type TestApp } from '../test-support/harness.js';
import { digestOf } from '../test-support/store-fixtures.js';

// Issue 19, point 1: the administrators' organisation-wide inventory of auth tokens.
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

interface Item {
  id: string;
  description: string;
  owner: { id: string; username: string; displayName: string };
  status: string;
  expiresAt: string | null;
}

describe.each(backends)('the auth-token inventory (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let alice: string;
  let bob: string;
  let bobAgent: TestAgent;
  const ids: Record<string, string> = {};

  /** A token written straight to the store, so its creation and last use can lie in the past. */
  const seed = async (
    key: string,
    userId: string,
    opts: { createdDaysAgo: number; expires?: number | null } & object,
  ) => {
    const id = randomUUID();
    ids[key] = id;
    await t.store.authTokens.bulkInsert([
      {
        id,
        userId,
        name: null,
        description: key,
        hint: `tsr_…${key.slice(0, 4)}`,
        digest: digestOf(id),
        createdAt: daysAgo(opts.createdDaysAgo),
        createdBy: userId,
        expiresAt: opts.expires === undefined || opts.expires === null ? null : daysAgo(-opts.expires),
      },
    ]);
  };
  const inventory = (query = '') => admin.get(`/api/auth-tokens${query}`);
  const names = (items: Item[]) => items.map((i) => i.description).sort();

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.signIn();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    bobAgent = await t.signIn('bob', 'bob-password-123');
    await seed('alice never expires, old', alice, { createdDaysAgo: 200 });
    await seed('alice expires soon', alice, { createdDaysAgo: 5, expires: 3 });
    await seed('alice expired', alice, { createdDaysAgo: 100, expires: -1 });
    await seed('bob used recently', bob, { createdDaysAgo: 150 });
    await seed('bob 100% done_x', bob, { createdDaysAgo: 1 });
    await t.store.authTokens.recordLastUses([{ tokenId: ids['bob used recently']!, at: daysAgo(2), ip: '192.0.2.1' }]);
    await t.store.authTokens.setSuspended(bob, ids['bob 100% done_x']!, new Date().toISOString());
  });
  afterAll(async () => t.close());

  it('lists every user’s tokens with their owner, newest first, and the total', async () => {
    const res = await inventory();
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(5);
    expect(res.body.totalIsLowerBound).toBe(false);
    expect(res.body.nextCursor).toBeNull();
    const items = res.body.items as Item[];
    expect(items.map((i) => i.description)).toEqual([
      'bob 100% done_x',
      'alice expires soon',
      'alice expired',
      'bob used recently',
      'alice never expires, old',
    ]);
    expect(items[0]!.owner).toEqual({ id: bob, username: 'bob', displayName: 'bob', kind: 'person' });
    expect(JSON.stringify(res.body)).not.toMatch(/digest|tsr_[A-Za-z0-9]{20}/);
  });

  it('is for administrators only: anyone else gets 403', async () => {
    const res = await bobAgent.get('/api/auth-tokens');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });

  it('filters by owner (id or username), status, expiry, age, inactivity and text, together', async () => {
    expect(names((await inventory('?owner=alice')).body.items)).toEqual([
      'alice expired',
      'alice expires soon',
      'alice never expires, old',
    ]);
    expect(names((await inventory(`?owner=${bob}`)).body.items)).toEqual(['bob 100% done_x', 'bob used recently']);
    expect((await inventory('?owner=nobody-at-all')).body).toMatchObject({ items: [], total: 0 });
    expect(names((await inventory('?neverExpires=true')).body.items)).toEqual([
      'alice never expires, old',
      'bob 100% done_x',
      'bob used recently',
    ]);
    expect(names((await inventory('?status=expired')).body.items)).toEqual(['alice expired']);
    expect(names((await inventory('?status=suspended')).body.items)).toEqual(['bob 100% done_x']);
    expect(names((await inventory(`?expiresBefore=${encodeURIComponent(daysAgo(-7))}`)).body.items)).toEqual([
      'alice expired',
      'alice expires soon',
    ]);
    // Unused for 90 days: never used and made long ago, or last used long ago; a recent use keeps one out.
    expect(names((await inventory('?unusedForDays=90')).body.items)).toEqual([
      'alice expired',
      'alice never expires, old',
    ]);
    expect(names((await inventory('?unusedForDays=90&owner=alice&neverExpires=true')).body.items)).toEqual([
      'alice never expires, old',
    ]);
    // A search's % and _ are the characters themselves, not wildcards; case does not matter.
    expect(names((await inventory('?search=100%25')).body.items)).toEqual(['bob 100% done_x']);
    expect(names((await inventory('?search=DONE_X')).body.items)).toEqual(['bob 100% done_x']);
    expect((await inventory('?search=e_p')).body.total).toBe(0);
    expect(names((await inventory('?createdBy=bob')).body.items)).toEqual(['bob 100% done_x', 'bob used recently']);
    expect(names((await inventory('?scope=tokens:write')).body.items)).toHaveLength(5);
  });

  it('pages by cursor in every sort order, each token once, and refuses a cursor it did not give', async () => {
    for (const sort of ['created', '-created', 'expires', '-expires', 'lastUsed', '-lastUsed', 'owner', '-owner']) {
      const seen: Item[] = [];
      let cursor: string | null = null;
      do {
        const res = await inventory(`?sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(5);
        seen.push(...(res.body.items as Item[]));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect(seen.map((i) => i.id).sort(), sort).toEqual(Object.values(ids).sort());
      if (sort === 'expires') expect(seen.at(-1)!.expiresAt).toBeNull();
      if (sort === '-lastUsed') expect(seen[0]!.description).toBe('bob used recently');
      if (sort === 'owner') expect(seen[0]!.owner.username).toBe('alice');
    }
    const bad = await inventory('?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
  });

  it('refuses bad filters with 400 naming the field', async () => {
    for (const q of [
      '?status=gone',
      '?unusedForDays=0',
      '?sort=name',
      '?limit=1000',
      '?neverExpires=yes',
      '?expiresBefore=soon',
    ]) {
      const res = await inventory(q);
      expect(res.status, q).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('sees a token made through the API at once, with its creator', async () => {
    const made = await t.createToken(admin, alice, { description: 'made for alice' });
    const res = await inventory('?search=made%20for');
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: made.id, owner: expect.objectContaining({ username: 'alice' }) }),
    ]);
    await admin.delete(`/api/users/${alice}/auth-tokens/${made.id}`).set(SAME_ORIGIN);
  });
});
