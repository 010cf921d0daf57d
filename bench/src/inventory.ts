import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import type { InventoryQuery } from '../../server/src/store/auth-tokens.js';
import { createPostgresStore } from '../../server/src/store/postgres.js';
import {
  addAgedTokens,
  agedDescription,
  agedWorkingCopy,
  removeAgedTokens,
  startWorkServer,
  type AgedShape,
} from './aged.js';
import { BULK_TIMEOUT_MS, log, readSettings, type BenchSettings } from './config.js';
import type { ServerProcess } from './proc.js';
import type { Target } from './report.js';
import { BENCH_ADMIN, BENCH_PASSWORD, ensureBenchAdmin } from './seed.js';
import { ensureBuilt, seededDataDir } from './servers.js';

// Issue 19's inventory figures: GET /api/auth-tokens on the benchmark's seed (1,000,000 tokens over 10,000 users)
// with 100,000 aged tokens beside it (aged.ts: made 200 days ago, none used in the last 90, a fifth expired), so the
// age and status filters find a share of the tokens instead of none; its server time read from the Server-Timing
// header the route sends (`inventory;dur=…`: the filters, the page and the count, without the network or the
// client). SQLite: on the bulk revoke's working copy, before the revoke (the cached seed is not touched); PostgreSQL:
// the aged tokens are added to the seeded schema for the step and removed after it. The same cases run in process,
// on data shaped like an organisation's, in `npm run inventory-timing -w bench` (inventory-timing.ts).

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
    // Every expired token older than the million: the page looks ahead and reads the expiry index instead of walking
    // the million (seconds, and on PostgreSQL past issue 22's 5 s statement bound: a 503).
    target: 250,
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
  /** Requests measured: `runs`, or 3 when the unmeasured first took over 2 s (inventory-timing.ts does the same). */
  runs: number;
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
    let measured = runs;
    for (let r = 0; r <= measured; r++) {
      const res = await fetch(`${url}/api/auth-tokens${c.http}`, { headers: { cookie } });
      const body = (await res.json()) as { total?: number; totalIsLowerBound?: boolean };
      if (res.status !== 200) throw new Error(`inventory: ${c.http || '(first page)'} answered ${res.status}`);
      const dur = /inventory;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1];
      if (dur === undefined) throw new Error('inventory: no Server-Timing header in the answer');
      // A case that takes seconds is measured three times, not `runs`: its figure is plain either way.
      if (r === 0 && Number(dur) > 2000) measured = Math.min(runs, 3);
      if (r > 0) times.push(Number(dur));
      total = `${body.total ?? '?'}${body.totalIsLowerBound ? '+' : ''}`;
    }
    out.push({ server, name: c.name, ...quantiles(times), runs: measured, total, target: c.target });
  }
  return out;
}

export function inventoryTable(rows: InventoryFigure[], runs: number, data: string): string {
  const lines = [
    `GET /api/auth-tokens, server time (Server-Timing) of ${runs} requests each, one at a time; the seed + ${data}`,
  ];
  for (const r of rows)
    lines.push(
      `  ${r.server.padEnd(11)} ${r.name.padEnd(34)} median ${r.p50.toFixed(1).padStart(7)} ms  ` +
        `p95 ${r.p95.toFixed(1).padStart(7)} ms  total ${r.total.padStart(6)}` +
        (r.target === undefined ? '' : `  (target ≤ ${r.target} ms)`) +
        (r.runs === runs ? '' : `  (${r.runs} requests: over 2 s each)`),
    );
  return lines.join('\n');
}

/** The targets per database, on the median server time; SQLite's reported unmeasured when it is missing. */
export function inventoryTargets(rows: InventoryFigure[]): Target[] {
  const targeted = INVENTORY_QUERIES.filter((c) => c.target !== undefined);
  const servers = [...new Set(['SQLite', ...rows.map((r) => r.server)])];
  return servers.flatMap((server) =>
    targeted.map((c) => {
      const r = rows.find((x) => x.server === server && x.name === c.name);
      return {
        name: `inventory ${c.name} ≤ ${c.target} ms (${server})`,
        measured: r ? `${r.p50.toFixed(1)} ms median, ${r.p95.toFixed(1)} ms p95, total ${r.total}` : 'not measured',
        pass: r ? r.p50 <= c.target! : undefined,
      };
    }),
  );
}

/**
 * The PostgreSQL rows, on the first replica of the run: the aged tokens are added to the seeded schema (leftovers of
 * an interrupted run removed first) and removed again after, so the cached seed ends as it began, but for the
 * administrator (added once, reused after).
 */
export async function measureInventoryPostgres(
  cfg: BenchSettings,
  replicaUrl: string,
  runs: number,
  count: number,
): Promise<{ rows: InventoryFigure[]; shape: AgedShape }> {
  // The schema servers.ts seeds (seededPostgres).
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const pg = await createPostgresStore(url, {
    schema: `bench_${cfg.tokens}t_${cfg.users}u`,
    poolMax: 1,
    timeoutMs: BULK_TIMEOUT_MS,
  });
  try {
    await ensureBenchAdmin(pg);
    await removeAgedTokens(pg);
    const shape = await addAgedTokens(pg, count, cfg.users);
    try {
      // The seed's million rows were bulk-loaded after the migration, and the aged ones just now; a deployment's
      // autovacuum analyzes them soon after, but the PostgreSQL a bench runs on may have it off (the local test server
      // does). Without statistics the planner guesses and scans: the figures would measure the missing ANALYZE.
      await sql`analyze auth_tokens, auth_token_usage, users`.execute(pg.db);
      return { rows: await measureInventory(replicaUrl, 'PostgreSQL', runs), shape };
    } finally {
      await removeAgedTokens(pg);
      await sql`analyze auth_tokens, auth_token_usage, users`.execute(pg.db);
    }
  } finally {
    await pg.close();
  }
}

// `npm run inventory -w bench [-- --smoke]`: the SQLite rows alone, on their own working copy of the cached seed
// (PostgreSQL's need a run's replicas: `npm run bench -- --postgres`).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { smoke, cfg } = readSettings();
  ensureBuilt();
  const { dataDir } = await seededDataDir(cfg);
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-'));
  const runs = smoke ? 3 : 20;
  const { work, shape } = await agedWorkingCopy(dataDir, smoke ? 1_000 : 100_000, cfg.users);
  let server: ServerProcess | undefined;
  try {
    server = await startWorkServer(cfg, work, logDir);
    log(inventoryTable(await measureInventory(server.url, 'SQLite', runs), runs, agedDescription(shape)));
  } finally {
    await server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(logDir, { recursive: true, force: true });
  }
}
