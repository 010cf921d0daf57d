import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends, openTestStore, type TestStore } from '../test-support/harness.js';
import { at } from '../test-support/store-fixtures.js';
import type { AuditEvent, Store } from './store.js';

const event = (n: number, extra: Partial<AuditEvent> = {}): AuditEvent => ({
  id: `evt-${String(n).padStart(4, '0')}`,
  at: at(n * 1000),
  action: 'auth_token.create',
  outcome: 'success',
  actorId: null,
  actorUsername: null,
  targetUserId: null,
  tokenId: null,
  ip: '192.0.2.1',
  userAgent: null,
  details: null,
  ...extra,
});

describe.each(backends)('audit and session repositories on %s', (kind) => {
  let ts: TestStore;
  let store: Store;
  beforeEach(async () => {
    ts = await openTestStore(kind);
    store = ts.store;
  });
  afterEach(async () => {
    await ts.cleanup();
  });

  describe('audit', () => {
    it('lists newest first, filters by user (actor or target), action and time, and pages with a cursor', async () => {
      const u1 = randomUUID();
      const u2 = randomUUID();
      for (let n = 1; n <= 9; n++) {
        await store.audit.append(
          event(n, {
            targetUserId: n % 2 ? u1 : u2,
            actorId: n === 4 ? u1 : null,
            action: n % 3 ? 'auth_token.create' : 'auth_token.delete',
            details: n === 1 ? { description: 'first', nested: { ok: true } } : null,
          }),
        );
      }
      // Two events in the same millisecond: the id breaks the tie, so the cursor neither skips nor repeats.
      await store.audit.append(event(10, { at: at(9000), id: 'evt-0009b' }));

      const all = await store.audit.list({ limit: 100 });
      expect(all.events.map((e) => e.id)).toEqual([
        'evt-0009b',
        'evt-0009',
        'evt-0008',
        'evt-0007',
        'evt-0006',
        'evt-0005',
        'evt-0004',
        'evt-0003',
        'evt-0002',
        'evt-0001',
      ]);
      expect(all.events.at(-1)?.details).toEqual({ description: 'first', nested: { ok: true } });

      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.audit.list({ limit: 3, ...(cursor ? { cursor } : {}) });
        ids.push(...page.events.map((e) => e.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(ids).toEqual(all.events.map((e) => e.id));

      expect((await store.audit.list({ limit: 100, userId: u1 })).events.map((e) => e.id)).toEqual([
        'evt-0009',
        'evt-0007',
        'evt-0005',
        'evt-0004',
        'evt-0003',
        'evt-0001',
      ]);
      expect((await store.audit.list({ limit: 100, action: 'auth_token.delete' })).events.map((e) => e.id)).toEqual([
        'evt-0009',
        'evt-0006',
        'evt-0003',
      ]);
      const window = await store.audit.list({ limit: 100, since: at(3000), until: at(6000) });
      expect(window.events.map((e) => e.id)).toEqual(['evt-0005', 'evt-0004', 'evt-0003']);
    });
  });

  describe('sessions', () => {
    it('gets, sets, touches, destroys and prunes sessions by digest', async () => {
      const now = at(0);
      await store.sessions.set('d1', 'user-1', '{"a":1}', at(60_000));
      await store.sessions.set('d2', 'user-1', '{"b":2}', at(60_000));
      await store.sessions.set('d3', null, '{"c":3}', at(10_000));
      expect(await store.sessions.get('d1', now)).toEqual({ data: '{"a":1}', expiresAt: at(60_000) });
      await store.sessions.set('d1', 'user-1', '{"a":2}', at(70_000));
      expect(await store.sessions.get('d1', now)).toEqual({ data: '{"a":2}', expiresAt: at(70_000) });
      expect(await store.sessions.get('d3', at(10_000))).toBeUndefined();

      await store.sessions.touch('d3', at(90_000));
      expect((await store.sessions.get('d3', at(10_000)))?.expiresAt).toBe(at(90_000));

      await store.sessions.destroy('d3');
      expect(await store.sessions.get('d3', now)).toBeUndefined();

      expect((await store.sessions.listOfUser('user-1', now)).map((s) => s.sidDigest).sort()).toEqual(['d1', 'd2']);
      expect((await store.sessions.listOfUser('user-1', now)).find((s) => s.sidDigest === 'd1')?.data).toBe('{"a":2}');
      expect(await store.sessions.listOfUser('user-1', at(80_000))).toEqual([]);
      await store.sessions.destroyAllOfUser('user-1');
      expect(await store.sessions.get('d1', now)).toBeUndefined();
      expect(await store.sessions.get('d2', now)).toBeUndefined();

      await store.sessions.set('old', null, '{}', at(1000));
      await store.sessions.set('new', null, '{}', at(100_000));
      expect(await store.sessions.prune(at(50_000))).toBe(1);
      expect(await store.sessions.get('new', at(50_000))).toBeDefined();
    });
  });
});
