import pg from 'pg';
import { cpuMs } from './proc.js';

// Issue 22: "PostgreSQL's CPU per cached verification ≈ 0 (report statements per request)". Measured from outside the
// replicas, so a replica that miscounted its own statements could not flatter itself:
// - the CPU time of the PostgreSQL backends serving Tessera's connections (their /proc entries: the database runs on
//   this machine), over the same window as the replica's own CPU time;
// - the table accesses (sequential and index scans) in the run's schema, from pg_stat_user_tables: every statement
//   that reads a table counts at least one. PostgreSQL publishes a backend's counts when it goes idle or at most
//   once a second under load, so a window's count may miss up to a second's worth; the rounds are 10 s or more.

// And from inside, each loaded replica's own counters on its /metrics (TESSERA_METRICS_TOKEN): the statements it sent
// (tessera_pg_statements_total: the pool counts every one) and its cache's misses, bypasses and invalidations, which
// say why a statement was sent.

export interface DatabaseSnapshot {
  /** CPU time (ms) of the backends serving application_name 'tessera', summed. */
  backendCpuMs: number;
  /** Scans of the schema's tables since the statistics were last reset. */
  tableAccesses: number;
  /** The replicas' counters, summed over those asked for. */
  statements: number;
  cacheMisses: number;
  cacheBypassed: number;
  cacheInvalidations: number;
  /** Tokens whose last use the replicas' flushes wrote. */
  flushedTokens: number;
}

export interface DatabaseProbe {
  snapshot(replicaUrls: string[]): Promise<DatabaseSnapshot>;
  close(): Promise<void>;
}

/** The bearer token the benchmark's PostgreSQL replicas serve /metrics with. */
export const BENCH_METRICS_TOKEN = 'bench-metrics-token-0123456789abcdef';

const COUNTERS = {
  statements: ['tessera_pg_statements_total'],
  cacheMisses: ['tessera_credential_cache_misses_total'],
  cacheBypassed: ['tessera_credential_cache_bypassed_total'],
  cacheInvalidations: ['tessera_credential_cache_invalidations_total'],
  flushedTokens: ['tessera_last_use_flushed_tokens_total'],
} as const;

/** The counters above from one replica's Prometheus text (label-less samples only: these have none). */
async function replicaCounters(url: string): Promise<Record<keyof typeof COUNTERS, number>> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } });
  if (!res.ok) throw new Error(`${url}/metrics answered ${res.status}`);
  const values = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    const m = /^([a-z_]+) ([0-9.e+-]+)$/.exec(line);
    if (m) values.set(m[1]!, Number(m[2]));
  }
  const sum = (names: readonly string[]) =>
    names.reduce((s, n) => {
      const v = values.get(n);
      if (v === undefined) throw new Error(`${url}/metrics has no ${n}`);
      return s + v;
    }, 0);
  return {
    statements: sum(COUNTERS.statements),
    cacheMisses: sum(COUNTERS.cacheMisses),
    cacheBypassed: sum(COUNTERS.cacheBypassed),
    cacheInvalidations: sum(COUNTERS.cacheInvalidations),
    flushedTokens: sum(COUNTERS.flushedTokens),
  };
}

/** A probe on a connection of its own (application_name 'tessera-bench', so it does not count itself). */
export async function databaseProbe(url: string, schema: string): Promise<DatabaseProbe> {
  const client = new pg.Client({ connectionString: url, application_name: 'tessera-bench' });
  await client.connect();
  // Backends that ended keep no /proc entry; their CPU time is added when they are last seen.
  const lastSeen = new Map<number, number>();
  return {
    async snapshot(replicaUrls) {
      const counters = await Promise.all(replicaUrls.map(replicaCounters));
      const total = (k: keyof typeof COUNTERS) => counters.reduce((s, c) => s + c[k], 0);
      const { rows: backends } = await client.query<{ pid: number }>(
        `select pid from pg_stat_activity where application_name = 'tessera' and backend_type = 'client backend'`,
      );
      for (const { pid } of backends) {
        const ms = cpuMs(pid);
        if (Number.isFinite(ms)) lastSeen.set(pid, ms);
      }
      const backendCpuMs = [...lastSeen.values()].reduce((s, x) => s + x, 0);
      await client.query('select pg_stat_clear_snapshot()');
      const { rows } = await client.query<{ n: string | null }>(
        `select sum(seq_scan + coalesce(idx_scan, 0)) as n from pg_stat_user_tables where schemaname = $1`,
        [schema],
      );
      return {
        backendCpuMs,
        tableAccesses: Number(rows[0]?.n ?? 0),
        statements: total('statements'),
        cacheMisses: total('cacheMisses'),
        cacheBypassed: total('cacheBypassed'),
        cacheInvalidations: total('cacheInvalidations'),
        flushedTokens: total('flushedTokens'),
      };
    },
    close: () => client.end(),
  };
}
