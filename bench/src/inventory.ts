import { createPostgresStore } from '../../server/src/store/postgres.js';
import { createSqliteStore } from '../../server/src/store/sqlite.js';
import { sql } from 'kysely';
import type { InventoryQuery } from '../../server/src/store/auth-tokens.js';
import type { BenchSettings } from './config.js';
import { BENCH_ADMIN, BENCH_PASSWORD, ensureBenchAdmin } from './seed.js';
import type { Target } from './report.js';

// Issue 19's inventory figures: GET /api/auth-tokens on the benchmark's seeded servers (1,000,000 tokens over 10,000
// users), its server time read from the Server-Timing header the route sends (`inventory;dur=…`: the filters, the
// page and the count, without the network or the client). The same cases run in process, on data shaped like an
// organisation's, in `npm run inventory-timing -w bench` (inventory-timing.ts).

const DAY_MS = 86_400_000;

export interface InventoryCase {
  name: string;
  /** The query string of GET /api/auth-tokens. */
  http: string;
  /** The same as the store's query (inventory-timing.ts), at `now`. */
  store: (now: number) => Omit<InventoryQuery, 'now'>;
  /** The target for the server time, in ms; none: reported only. */
  target?: number;
}

const page = { limit: 50 };
export const INVENTORY_QUERIES: InventoryCase[] = [
  {
    name: 'first page (sort -created)',
    http: '',
    store: () => ({ ...page, sort: { by: 'created', descending: true } }),
    target: 100,
  },
  {
    name: 'unusedForDays=90&sort=-lastUsed',
    http: '?unusedForDays=90&sort=-lastUsed',
    store: (now) => ({
      ...page,
      sort: { by: 'lastUsed', descending: true },
      unusedSince: new Date(now - 90 * DAY_MS).toISOString(),
    }),
    target: 250,
  },
  {
    name: 'sort=lastUsed (never used first)',
    http: '?sort=lastUsed',
    store: () => ({ ...page, sort: { by: 'lastUsed', descending: false } }),
  },
  {
    name: 'sort=expires',
    http: '?sort=expires',
    store: () => ({ ...page, sort: { by: 'expires', descending: false } }),
  },
  {
    name: 'status=expired',
    http: '?status=expired',
    store: () => ({ ...page, sort: { by: 'created', descending: true }, status: 'expired' }),
  },
  {
    name: 'status=expired&sort=expires',
    http: '?status=expired&sort=expires',
    store: () => ({ ...page, sort: { by: 'expires', descending: false }, status: 'expired' }),
  },
  {
    // inventory-timing.ts names its users user-<n>, with the bench's usernames.
    name: 'owner=bench000042&unusedForDays=90…',
    http: '?owner=bench000042&unusedForDays=90&sort=-lastUsed',
    store: (now) => ({
      ...page,
      sort: { by: 'lastUsed', descending: true },
      ownerId: 'user-42',
      unusedSince: new Date(now - 90 * DAY_MS).toISOString(),
    }),
  },
  {
    name: 'sort=owner',
    http: '?sort=owner',
    store: () => ({ ...page, sort: { by: 'owner', descending: false } }),
  },
];

export function quantiles(xs: number[]): { p50: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
  return { p50: at(0.5), p95: at(0.95) };
}

export interface InventoryFigure {
  server: string;
  name: string;
  p50: number;
  p95: number;
  total: string;
  target: number | undefined;
}

/** Signs in as the bench administrator: the session cookie the requests carry. */
async function adminCookie(url: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify({ username: BENCH_ADMIN, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`inventory: sign-in as admin answered ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** Each case `runs` times (after one unmeasured request), one at a time: the server time's median and p95. */
export async function measureInventory(url: string, server: string, runs: number): Promise<InventoryFigure[]> {
  const cookie = await adminCookie(url);
  const out: InventoryFigure[] = [];
  for (const c of INVENTORY_QUERIES) {
    const times: number[] = [];
    let total = '';
    for (let r = 0; r <= runs; r++) {
      const res = await fetch(`${url}/api/auth-tokens${c.http}`, { headers: { cookie } });
      const body = (await res.json()) as { total?: number; totalIsLowerBound?: boolean };
      if (res.status !== 200) throw new Error(`inventory: ${c.http || '(first page)'} answered ${res.status}`);
      const dur = /inventory;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1];
      if (dur === undefined) throw new Error('inventory: no Server-Timing header in the answer');
      if (r > 0) times.push(Number(dur));
      total = `${body.total ?? '?'}${body.totalIsLowerBound ? '+' : ''}`;
    }
    out.push({ server, name: c.name, ...quantiles(times), total, target: c.target });
  }
  return out;
}

export function inventoryTable(rows: InventoryFigure[], runs: number): string {
  const lines = [`GET /api/auth-tokens, server time (Server-Timing) of ${runs} requests each, one at a time`];
  for (const r of rows)
    lines.push(
      `  ${r.server.padEnd(11)} ${r.name.padEnd(34)} median ${r.p50.toFixed(1).padStart(7)} ms  ` +
        `p95 ${r.p95.toFixed(1).padStart(7)} ms  total ${r.total.padStart(6)}` +
        (r.target === undefined ? '' : `  (target ≤ ${r.target} ms)`),
    );
  return lines.join('\n');
}

/** The two targets per database, on the median server time. */
export function inventoryTargets(rows: InventoryFigure[]): Target[] {
  return rows
    .filter((r) => r.target !== undefined)
    .map((r) => ({
      name: `inventory ${r.name} ≤ ${r.target} ms (${r.server})`,
      measured: `${r.p50.toFixed(1)} ms median, ${r.p95.toFixed(1)} ms p95`,
      pass: r.p50 <= r.target!,
    }));
}

/** The bench's step: the shipped SQLite server, and the first PostgreSQL replica when the run has them. */
export async function measureInventoryFleet(
  cfg: BenchSettings,
  dataDir: string,
  fleet: { shipped: { url: string }; pg: { replicas: { url: string }[] } | undefined },
  runs: number,
): Promise<InventoryFigure[]> {
  const sqlite = await createSqliteStore(dataDir);
  await ensureBenchAdmin(sqlite).finally(() => sqlite.close());
  const rows = await measureInventory(fleet.shipped.url, 'SQLite', runs);
  const pgReplica = fleet.pg?.replicas[0];
  if (pgReplica) {
    // The schema servers.ts seeds (seededPostgres).
    const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const pg = await createPostgresStore(url, { schema: `bench_${cfg.tokens}t_${cfg.users}u`, poolMax: 1 });
    await ensureBenchAdmin(pg);
    // The seed's million rows were bulk-loaded after the migration; a deployment's autovacuum analyzes them soon
    // after, but the PostgreSQL a bench runs on may have it off (the local test server does). Without statistics the
    // planner guesses and scans: the figures would measure the missing ANALYZE, not the inventory.
    await sql`analyze auth_tokens, auth_token_usage, users`.execute(pg.db);
    await pg.close();
    rows.push(...(await measureInventory(pgReplica.url, 'PostgreSQL', runs)));
  }
  return rows;
}
