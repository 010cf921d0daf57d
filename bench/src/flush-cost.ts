import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { BULK_TIMEOUT_MS, log } from './config.js';
import { median } from './report.js';

// The last-used flush's own cost with many tokens in use at once (issue 20: the recent clients and the first use
// from a new network are written in the same flush as last used). 10,000 tokens each used by two clients (two user
// agents from one /24) between two flushes; every round is one flush of all of them, on SQLite and on PostgreSQL.
// It also times the recorder's per-request call, the only part on the verification path.
//
//   npm run flush-cost -w bench                                   # this tree, SQLite + PostgreSQL (TEST_DATABASE_URL
//                                                                 # or the local test database)
//   npm run flush-cost -w bench -- --tree /path/to/older/clone    # the same rounds with an older tree's code
//
// Simulated time moves 91 s per round, so each round writes every token's last use again (the recorder writes a
// token's use at most once a minute) — the worst case: in a real minute most tokens are idle.
const { values: opt } = parseArgs({
  options: {
    tree: { type: 'string' },
    tokens: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '6' },
    'no-postgres': { type: 'boolean', default: false },
  },
});
const TOKENS = Number(opt.tokens);
const ROUNDS = Number(opt.rounds);
const tree = path.resolve(opt.tree ?? path.join(path.dirname(new URL(import.meta.url).pathname), '../..'));
const mod = <T>(rel: string) => import(pathToFileURL(path.join(tree, 'server/src', rel)).href) as Promise<T>;
const PG_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Recorder {
  record(tokenId: string, ip: string | null, atMs?: number, userAgent?: string): void;
  flush(all?: boolean): Promise<void>;
}
interface StoreLike {
  users: { create(u: unknown): Promise<unknown> };
  authTokens: { bulkInsert(t: unknown[]): Promise<void>; recordLastUses: (...a: never[]) => Promise<unknown> };
  close(): Promise<void>;
}

async function measure(kind: 'sqlite' | 'postgres') {
  const { LastUseRecorder } = await mod<{
    LastUseRecorder: new (tokens: unknown, logger: unknown, intervalMs: number) => Recorder;
  }>('auth-tokens/last-use.ts');
  let store: StoreLike;
  let cleanup: () => Promise<void>;
  if (kind === 'sqlite') {
    const { createSqliteStore } = await mod<{ createSqliteStore: (dir: string) => Promise<StoreLike> }>(
      'store/sqlite.ts',
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-flush-'));
    store = await createSqliteStore(dir);
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const { createPostgresStore } = await mod<{
      createPostgresStore: (url: string, o: { schema: string; timeoutMs?: number }) => Promise<StoreLike>;
    }>('store/postgres.ts');
    const { dropSchema, newTestSchema } = await mod<{
      dropSchema: (url: string, schema: string) => Promise<void>;
      newTestSchema: () => string;
    }>('test-support/postgres-opener.ts');
    const schema = newTestSchema();
    store = await createPostgresStore(PG_URL, { schema, timeoutMs: BULK_TIMEOUT_MS });
    cleanup = () => dropSchema(PG_URL, schema);
  }
  try {
    const { newUser, newToken } = await mod<{
      newUser: (name: string) => { id: string };
      newToken: (userId: string) => { id: string };
    }>('test-support/store-fixtures.ts');
    const user = newUser(`flush${randomUUID().slice(0, 6)}`);
    await store.users.create(user);
    const tokens = Array.from({ length: TOKENS }, () => newToken(user.id));
    await store.authTokens.bulkInsert(tokens);
    const recorder = new LastUseRecorder(store.authTokens, pino({ level: 'silent' }), 3_600_000);
    const flushes: number[] = [];
    const records: number[] = [];
    let clock = Date.now();
    for (let round = 0; round < ROUNDS; round++) {
      clock += 91_000; // past the minute and the token's spread (under 30 s): every one is due
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < tokens.length; i++) {
        const ip = `10.${(i >> 8) & 255}.${i & 255}.7`;
        recorder.record(tokens[i]!.id, ip, clock, 'curl/8.5.0');
        recorder.record(tokens[i]!.id, ip, clock + 1, 'python-requests/2.31.0');
      }
      const t1 = process.hrtime.bigint();
      await recorder.flush(true);
      const t2 = process.hrtime.bigint();
      records.push(Number(t1 - t0) / (2 * tokens.length));
      flushes.push(Number(t2 - t1) / 1e6);
    }
    return { kind, first: flushes[0]!, steady: median(flushes.slice(1)), recordNs: median(records) };
  } finally {
    await store.close();
    await cleanup();
  }
}

const rows = [];
rows.push(await measure('sqlite'));
if (!opt['no-postgres']) rows.push(await measure('postgres'));
log(`flush cost, ${TOKENS.toLocaleString('en')} tokens × 2 clients each, tree ${tree}`);
for (const r of rows)
  log(
    `${r.kind.padEnd(9)} first flush ${r.first.toFixed(0).padStart(6)} ms · later flushes (median of ${ROUNDS - 1}) ` +
      `${r.steady.toFixed(0).padStart(6)} ms (${((r.steady * 1000) / TOKENS).toFixed(1)} µs a token) · ` +
      `record() ${r.recordNs.toFixed(0)} ns a call`,
  );
