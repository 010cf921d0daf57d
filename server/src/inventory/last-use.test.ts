import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { tokenInventory } from '../store/auth-token-inventory.js';
import { migrateToLatest } from '../store/migrate.js';
import type { Database } from '../store/schema.js';
import { backends, startTestApp, type TestApp } from '../test-support/harness.js';
import { digestOf } from '../test-support/store-fixtures.js';

// Issue 19: "unused for N days" and the last-use sort read two index walks (used tokens by the usage index, never-used
// ones by creation); pages cross from one to the other, and the count adds both.
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

describe.each(backends)('the inventory by last use (%s)', (kind) => {
  let t: TestApp;
  let admin: TestAgent;

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.signIn();
    const alice = await t.createUser('alice');
    const tokens: [string, number, number | null][] = [
      ['never old', 200, null],
      ['never new', 10, null],
      ['used long ago', 300, 120],
      ['used older', 400, 200],
      ['used recently', 150, 2],
    ];
    for (const [description, created, used] of tokens) {
      const id = randomUUID();
      await t.store.authTokens.bulkInsert([
        {
          id,
          userId: alice,
          name: null,
          description,
          hint: 'tsr_…abcd',
          digest: digestOf(id),
          createdAt: daysAgo(created),
          createdBy: alice,
          expiresAt: null,
        },
      ]);
      if (used !== null) await t.store.authTokens.recordLastUses([{ tokenId: id, at: daysAgo(used), ip: '192.0.2.1' }]);
    }
  });
  afterAll(async () => t.close());

  /** Every page at `limit=1`: the descriptions in order, and each page's total. */
  const walk = async (query: string) => {
    const seen: string[] = [];
    const totals = new Set<number>();
    let cursor: string | null = null;
    do {
      const res = await admin.get(
        `/api/auth-tokens?${query}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as { description: string }[]).map((i) => i.description));
      totals.add(res.body.total as number);
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    return { seen, totals: [...totals] };
  };

  it('sorts the never used first (oldest first), then by last use; descending the other way round', async () => {
    const order = ['never old', 'never new', 'used older', 'used long ago', 'used recently'];
    expect(await walk('sort=lastUsed')).toEqual({ seen: order, totals: [5] });
    expect(await walk('sort=-lastUsed')).toEqual({ seen: [...order].reverse(), totals: [5] });
  });

  it('finds the unused for 90 days in both walks, across the page between them, and counts both', async () => {
    expect(await walk('unusedForDays=90&sort=-lastUsed')).toEqual({
      seen: ['used long ago', 'used older', 'never old'],
      totals: [3],
    });
    expect(await walk('unusedForDays=90&sort=lastUsed')).toEqual({
      seen: ['never old', 'used older', 'used long ago'],
      totals: [3],
    });
    expect(await walk('unusedForDays=90')).toEqual({
      seen: ['never old', 'used long ago', 'used older'],
      totals: [3],
    });
    expect(await walk('unusedForDays=150&sort=-lastUsed')).toEqual({ seen: ['used older', 'never old'], totals: [2] });
    // One owner's tokens are found by the owner index, not the usage index: the same answer.
    expect(await walk('owner=alice&unusedForDays=90&sort=-lastUsed')).toEqual({
      seen: ['used long ago', 'used older', 'never old'],
      totals: [3],
    });
  });
});

describe('the inventory’s query plans on SQLite (no statistics, as a store runs)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-plan-'));
  const raw = new SqliteDatabase(path.join(dir, 'plan.sqlite'));
  const seen: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: raw }),
    log: (e) => void (e.level === 'query' && seen.push(e.query)),
  });
  const plan = (q: CompiledQuery) =>
    raw
      .prepare(`explain query plan ${q.sql}`)
      .all(...(q.parameters as unknown[]))
      .map((r) => (r as { detail: string }).detail)
      .join('\n');
  const now = new Date().toISOString();

  const owner = randomUUID();
  /** The plans of the last call's page queries and, apart, of its counts. */
  const plans = () => ({
    pages: seen.filter((q) => !q.sql.startsWith('select count')).map(plan),
    counts: seen.filter((q) => q.sql.startsWith('select count')).map(plan),
  });

  beforeAll(async () => {
    await migrateToLatest(db);
    // Something to list (a count of 0 reads no page): one owner, a token used long ago and one never used.
    raw.exec(`insert into users (id, username, display_name, role, password_hash, created_at, updated_at)
              values ('${owner}', 'alice', 'alice', 'user', 'x', '${now}', '${now}')`);
    for (const [id, created] of [
      ['t-used', daysAgo(300)],
      ['t-never', daysAgo(200)],
    ])
      raw.exec(`insert into auth_tokens (id, user_id, description, hint, digest, created_at)
                values ('${id}', '${owner}', '${id}', 'h', '${id}-digest', '${created}')`);
    raw.exec(`insert into auth_token_usage (token_id, last_used_at) values ('t-used', '${daysAgo(120)}')`);
  });
  afterAll(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('walks (created_at, id) for the first page and the usage index for the unused, sorting nothing', async () => {
    seen.length = 0;
    await tokenInventory(db, { sort: { by: 'created', descending: true }, now, limit: 50 });
    expect(plans().pages[0]).toMatch(/^SCAN t USING INDEX auth_tokens_created/);
    seen.length = 0;
    await tokenInventory(db, { sort: { by: 'lastUsed', descending: true }, now, limit: 50, unusedSince: daysAgo(90) });
    const { pages, counts } = plans();
    expect(pages[0]).toMatch(/^SEARCH u USING INDEX auth_token_usage_last_used/);
    expect(pages[1]).toMatch(/^SEARCH t USING INDEX auth_tokens_created \(created_at<\?\)/);
    expect(counts[0]).toMatch(/SEARCH u USING COVERING INDEX auth_token_usage_last_used/);
    for (const p of [...pages, ...counts]) expect(p).not.toMatch(/TEMP B-TREE/);
    seen.length = 0;
    const byOwner = { ownerId: owner, unusedSince: now };
    await tokenInventory(db, { sort: { by: 'lastUsed', descending: true }, now, limit: 50, ...byOwner });
    for (const p of [...plans().pages, ...plans().counts])
      expect(p).toMatch(/SEARCH t USING (COVERING )?INDEX auth_tokens_(owner_id|user_name) \(user_id=\?\)/);
  });
});
