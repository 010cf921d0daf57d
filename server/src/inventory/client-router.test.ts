import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { backends, startTestApp, type TestApp } from '../test-support/harness.js';
import { digestOf } from '../test-support/store-fixtures.js';

// Issue 19, point 1: the administrators' organisation-wide inventory of OAuth 2.0 client credentials.
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

interface Item {
  id: string;
  name: string;
  status: string;
  secretHint: string;
  owner: { id: string; username: string; displayName: string };
}

describe.each(backends)('the OAuth 2.0 client inventory (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let alice: string;
  let bob: string;
  const ids: Record<string, string> = {};

  /** A client written straight to the store, so its creation, expiry and last use can lie in the past. */
  const seed = async (name: string, userId: string, o: { created: number; expires?: number; used?: number }) => {
    const id = randomUUID();
    ids[name] = id;
    const made = await t.store.oauth2Clients.create(
      {
        id,
        userId,
        name,
        description: `the ${name} job`,
        scopes: [{ audience: 'https://api.example.com', scope: 'reports.read' }],
        secretDigest: digestOf(id),
        secretHint: 'tsc_…abcd',
        createdAt: daysAgo(o.created),
        createdBy: userId,
        expiresAt: o.expires === undefined ? null : daysAgo(-o.expires),
      },
      100,
    );
    expect(made).toMatchObject({ id });
    if (o.used !== undefined) await t.store.oauth2Clients.recordUse(id, daysAgo(o.used));
  };
  const inventory = (query = '') => admin.get(`/api/oauth2-client-credentials${query}`);
  const names = (res: { body: { items: Item[] } }) => res.body.items.map((i) => i.name).sort();

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.signIn();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    await seed('reports', alice, { created: 200 });
    await seed('billing', alice, { created: 10, expires: 3, used: 1 });
    await seed('legacy', bob, { created: 400, expires: -5, used: 150 });
    await seed('paused', bob, { created: 30 });
    await t.store.oauth2Clients.setSuspended(bob, ids.paused!, daysAgo(1));
  });
  afterAll(async () => t.close());

  it('lists every user’s clients with their owner, newest first, the total and the server time', async () => {
    const res = await inventory();
    expect(res.status).toBe(200);
    expect(res.headers['server-timing']).toMatch(/^inventory;dur=\d+(\.\d)?$/);
    expect(res.body).toMatchObject({ total: 4, totalIsLowerBound: false, nextCursor: null });
    const items = res.body.items as Item[];
    expect(items.map((i) => i.name)).toEqual(['billing', 'paused', 'reports', 'legacy']);
    expect(items[1]).toMatchObject({ status: 'suspended', owner: { id: bob, username: 'bob', displayName: 'bob' } });
    expect(items[3]!.status).toBe('expired');
    expect(JSON.stringify(res.body)).not.toMatch(/secretDigest|secret_digest|"secret"/);
  });

  it('is for administrators only: anyone else gets 403', async () => {
    const bobAgent = await t.signIn('bob', 'bob-password-123');
    const res = await bobAgent.get('/api/oauth2-client-credentials');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });

  it('filters by owner, creator, status, expiry, age, inactivity and text, together', async () => {
    expect(names(await inventory('?owner=alice'))).toEqual(['billing', 'reports']);
    expect(names(await inventory(`?owner=${bob}`))).toEqual(['legacy', 'paused']);
    expect(names(await inventory('?createdBy=bob'))).toEqual(['legacy', 'paused']);
    expect((await inventory('?owner=nobody-at-all')).body).toMatchObject({ items: [], total: 0 });
    expect(names(await inventory('?status=active'))).toEqual(['billing', 'reports']);
    expect(names(await inventory('?status=expired'))).toEqual(['legacy']);
    expect(names(await inventory('?status=suspended'))).toEqual(['paused']);
    expect(names(await inventory('?neverExpires=true'))).toEqual(['paused', 'reports']);
    expect(names(await inventory('?neverExpires=false'))).toEqual(['billing', 'legacy']);
    expect(names(await inventory(`?expiresBefore=${encodeURIComponent(daysAgo(-7))}`))).toEqual(['billing', 'legacy']);
    expect(names(await inventory(`?createdBefore=${encodeURIComponent(daysAgo(100))}`))).toEqual(['legacy', 'reports']);
    // Never used counts from creation: reports (made 200 days ago) and legacy (last used 150 days ago), not paused.
    expect(names(await inventory('?unusedForDays=90'))).toEqual(['legacy', 'reports']);
    expect(names(await inventory('?unusedForDays=90&owner=bob'))).toEqual(['legacy']);
    expect(names(await inventory('?search=BILL'))).toEqual(['billing']);
    expect(names(await inventory('?search=the%20paused'))).toEqual(['paused']);
    expect(names(await inventory(`?search=${ids.legacy!.slice(4, 16)}`))).toEqual(['legacy']);
    expect((await inventory('?search=%25')).body.total).toBe(0);
  });

  it('pages by cursor in every sort order, each client once', async () => {
    const orders: Record<string, string[]> = {};
    for (const sort of ['created', '-created', 'expires', '-expires', 'lastUsed', '-lastUsed', 'owner', '-owner']) {
      const seen: Item[] = [];
      let cursor: string | null = null;
      do {
        const res = await inventory(`?sort=${sort}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(4);
        seen.push(...(res.body.items as Item[]));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      orders[sort] = seen.map((i) => i.name);
    }
    expect(orders.created).toEqual(['legacy', 'reports', 'paused', 'billing']);
    expect(orders.expires!.slice(0, 2)).toEqual(['legacy', 'billing']);
    // Never used first (oldest first), then by last use; descending the other way round.
    expect(orders.lastUsed).toEqual(['reports', 'paused', 'legacy', 'billing']);
    expect(orders['-lastUsed']).toEqual(['billing', 'legacy', 'paused', 'reports']);
    expect(orders.owner!.slice(0, 2).sort()).toEqual(['billing', 'reports']);
    expect(orders['-owner']!.slice(0, 2).sort()).toEqual(['legacy', 'paused']);
  });

  it('refuses bad queries with 400 naming the field', async () => {
    for (const q of ['?status=revoked', '?sort=name', '?limit=0', '?cursor=nope']) {
      const res = await inventory(q);
      expect(res.status, q).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
  });
});
