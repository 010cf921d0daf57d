import pg from 'pg';
import { cpuMs } from './proc.js';

// Issue 22: "PostgreSQL's CPU per cached verification ≈ 0 (report statements per request)". Measured from outside the
// replicas, so a replica that miscounted its own statements could not flatter itself:
// - the CPU time of the PostgreSQL backends serving Tessera's connections (their /proc entries: the database runs on
//   this machine), over the same window as the replica's own CPU time;
// - the table accesses (sequential and index scans) in the run's schema, from pg_stat_user_tables: every statement
//   that reads a table counts at least one. PostgreSQL publishes a backend's counts when it goes idle or at most
//   once a second under load, so a window's count may miss up to a second's worth; the rounds are 10 s or more.

export interface DatabaseSnapshot {
  /** CPU time (ms) of the backends serving application_name 'tessera', summed. */
  backendCpuMs: number;
  /** Scans of the schema's tables since the statistics were last reset. */
  tableAccesses: number;
}

export interface DatabaseProbe {
  snapshot(): Promise<DatabaseSnapshot>;
  close(): Promise<void>;
}

/** A probe on a connection of its own (application_name 'tessera-bench', so it does not count itself). */
export async function databaseProbe(url: string, schema: string): Promise<DatabaseProbe> {
  const client = new pg.Client({ connectionString: url, application_name: 'tessera-bench' });
  await client.connect();
  // Backends that ended keep no /proc entry; their CPU time is added when they are last seen.
  const lastSeen = new Map<number, number>();
  return {
    async snapshot() {
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
      return { backendCpuMs, tableAccesses: Number(rows[0]?.n ?? 0) };
    },
    close: () => client.end(),
  };
}
