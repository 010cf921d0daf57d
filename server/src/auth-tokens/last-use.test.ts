import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import type { KyselyStore } from '../store/kysely-store.js';
import { createSqliteStore } from '../store/sqlite.js';
import { newToken, newUser } from '../test-support/store-fixtures.js';
import { LAST_USE_GRANULARITY_MS, LAST_USE_SPREAD, LastUseRecorder } from './last-use.js';

const t0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const at = (ms: number) => new Date(t0 + ms).toISOString();

describe('last use, kept to the minute', () => {
  let dir: string;
  let store: KyselyStore;
  let recorder: LastUseRecorder;
  let owner: string;
  let tokenId: string;
  const stored = async () => {
    const t = await store.authTokens.get(owner, tokenId);
    return { at: t?.lastUsedAt, ip: t?.lastUsedIp };
  };
  const use = (ms: number, ip: string) => recorder.record(tokenId, ip, t0 + ms);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-last-use-'));
    store = await createSqliteStore(dir);
    recorder = new LastUseRecorder(store.authTokens, createLogger('silent'), 60_000);
    owner = (await store.users.create(newUser('owner'))).id;
    const token = newToken(owner);
    await store.authTokens.create(token, 10);
    tokenId = token.id;
  });
  afterEach(async () => {
    await recorder.stop();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the first use, then again only a minute later or from another address', async () => {
    use(0, '192.0.2.1');
    await recorder.flush();
    expect(await stored()).toEqual({ at: at(0), ip: '192.0.2.1' });

    use(30_000, '192.0.2.1'); // same address, within the minute: not news
    expect(recorder.peek(tokenId)).toBeUndefined();
    await recorder.flush();
    expect(await stored()).toEqual({ at: at(0), ip: '192.0.2.1' });

    use(40_000, '198.51.100.9'); // another address is always news
    expect(recorder.peek(tokenId)?.ip).toBe('198.51.100.9');
    await recorder.flush();
    expect(await stored()).toEqual({ at: at(40_000), ip: '198.51.100.9' });

    use(40_000 + LAST_USE_GRANULARITY_MS - 1, '198.51.100.9');
    await recorder.flush();
    expect((await stored()).at).toBe(at(40_000));
    // Due again a minute later plus the token's own spread, under half a minute.
    const due = 40_000 + LAST_USE_GRANULARITY_MS * (1 + LAST_USE_SPREAD);
    use(due, '198.51.100.9');
    await recorder.flush();
    expect((await stored()).at).toBe(at(due));
  });

  it('spreads the next writes of tokens first written together over the spread', async () => {
    const many = Array.from({ length: 400 }, () => newToken(owner));
    await store.authTokens.bulkInsert(many);
    for (const t of many) recorder.record(t.id, '192.0.2.1', t0);
    await recorder.flush();
    const dueAt = (ms: number) => {
      for (const t of many) recorder.record(t.id, '192.0.2.1', t0 + ms);
      return many.filter((t) => recorder.peek(t.id) !== undefined).length;
    };
    expect(dueAt(LAST_USE_GRANULARITY_MS - 1)).toBe(0);
    // A quarter of the way into a spread of half a minute: about half of them (the hash of each id decides).
    const share = dueAt(LAST_USE_GRANULARITY_MS * (1 + LAST_USE_SPREAD / 2)) / many.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.7);
    expect(dueAt(LAST_USE_GRANULARITY_MS * (1 + LAST_USE_SPREAD))).toBe(many.length);
  });

  it('keeps the newest of several uses between two flushes, as before', async () => {
    use(0, '192.0.2.1');
    use(1_000, '192.0.2.2');
    use(2_000, '192.0.2.2');
    await recorder.flush();
    expect(await stored()).toEqual({ at: at(2_000), ip: '192.0.2.2' });
  });

  it('treats the next use as news once the token is forgotten (its secret was regenerated)', async () => {
    use(0, '192.0.2.1');
    await recorder.flush();
    recorder.forget(tokenId);
    use(10_000, '192.0.2.1');
    expect(recorder.peek(tokenId)?.at).toBe(at(10_000));
  });
});

// Issue 20: the (address, user agent) pairs counted in memory and written with the last use.
describe('recent clients, counted in memory and written in the flush', () => {
  let dir: string;
  let store: KyselyStore;
  let recorder: LastUseRecorder;
  let tokenId: string;
  let failNext = false;
  const now = Date.now();
  const since = new Date(now - 86_400_000).toISOString();
  const stored = () => store.authTokens.clients(tokenId, since);
  const use = (ms: number, ip: string, userAgent?: string) =>
    recorder.record(tokenId, ip, now - 60_000 + ms, userAgent);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-clients-'));
    store = await createSqliteStore(dir);
    // The real store, with a fault that can be switched on for one flush.
    const tokens = {
      recordLastUses: (...args: Parameters<KyselyStore['authTokens']['recordLastUses']>) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('database unavailable'));
        }
        return store.authTokens.recordLastUses(...args);
      },
    };
    recorder = new LastUseRecorder(tokens, createLogger('silent'), 60_000);
    const owner = (await store.users.create(newUser('owner'))).id;
    const token = newToken(owner);
    await store.authTokens.create(token, 10);
    tokenId = token.id;
  });
  afterEach(async () => {
    await recorder.stop();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts each pair, shows the counts before the flush, and writes them in it', async () => {
    use(0, '192.0.2.1', 'curl/8.5');
    use(1_000, '192.0.2.1', 'curl/8.5');
    use(2_000, '192.0.2.2', 'python-requests/2.32');
    use(3_000, '192.0.2.1', 'curl/8.5');
    use(4_000, '192.0.2.1');
    expect(recorder.peekClients(tokenId)).toMatchObject([
      { ip: '192.0.2.1', userAgent: 'curl/8.5', count: 3, firstAt: new Date(now - 60_000).toISOString() },
      { ip: '192.0.2.2', userAgent: 'python-requests/2.32', count: 1 },
      { ip: '192.0.2.1', userAgent: null, count: 1 },
    ]);
    await recorder.flush();
    expect(recorder.peekClients(tokenId)).toEqual([]);
    expect(await stored()).toMatchObject([
      { ip: '192.0.2.1', userAgent: null, count: 1 },
      { ip: '192.0.2.1', userAgent: 'curl/8.5', count: 3, lastSeenAt: new Date(now - 57_000).toISOString() },
      { ip: '192.0.2.2', userAgent: 'python-requests/2.32', count: 1 },
    ]);
  });

  it('writes a pair written less than a granularity ago only at the next due flush (or at shutdown)', async () => {
    use(0, '192.0.2.1', 'curl/8.5');
    await recorder.flush();
    use(1_000, '192.0.2.1', 'curl/8.5');
    use(2_000, '192.0.2.1', 'curl/8.5');
    await recorder.flush(); // not due: the counts wait in memory, and reads see them
    expect((await stored())[0]?.count).toBe(1);
    expect(recorder.peekClients(tokenId)).toMatchObject([{ count: 2 }]);
    await recorder.flush(true);
    expect((await stored())[0]?.count).toBe(3);
  });

  it('keeps the counts of a failed flush for the next one', async () => {
    use(0, '192.0.2.1', 'curl/8.5');
    failNext = true;
    await recorder.flush();
    use(1_000, '192.0.2.1', 'curl/8.5');
    expect(recorder.peekClients(tokenId)).toMatchObject([{ count: 2 }]);
    await recorder.flush();
    expect(await stored()).toMatchObject([{ ip: '192.0.2.1', count: 2 }]);
  });

  it('writes a batch of more than 1,000 tokens in several transactions, losing none', async () => {
    const owner = (await store.users.create(newUser('many'))).id;
    const many = Array.from({ length: 1001 }, () => newToken(owner));
    await store.authTokens.bulkInsert(many);
    many.forEach((t, i) => recorder.record(t.id, `10.0.${i >> 8}.${i & 255}`, now - 1000, 'batch/1'));
    await recorder.flush();
    for (const t of [many[0]!, many[999]!, many[1000]!]) {
      expect(await store.authTokens.clients(t.id, since)).toMatchObject([{ userAgent: 'batch/1', count: 1 }]);
      expect((await store.authTokens.get(owner, t.id))?.lastUsedAt).toBe(new Date(now - 1000).toISOString());
    }
  });

  it('counts at most 20 pairs per token in memory, and forgets them with the token', async () => {
    for (let i = 0; i < 25; i++) use(i, `192.0.2.${i}`, 'scan/1');
    expect(recorder.peekClients(tokenId)).toHaveLength(20);
    recorder.forget(tokenId);
    expect(recorder.peekClients(tokenId)).toEqual([]);
  });
});
