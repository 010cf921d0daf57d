import type { LoadResult } from './load.js';
import type { PropagationFigures } from './propagation.js';
import { pairedRatio, type ScenarioSummary, type Target } from './report.js';

/**
 * Issue 22's PostgreSQL targets: one replica's Bearer GET /api/whoami against the SQLite process's in the same rounds
 * (≥ 0.9×) and against bare Express (≥ 0.7×); its server CPU per request ≤ 1.2× SQLite's; the database's work per
 * cached verification about nothing; a revocation refused by every other replica within 100 ms p99 and 1 s at most.
 */
export function postgresTargets(
  summaries: ScenarioSummary[],
  results: Map<string, LoadResult[]>,
  propagation: PropagationFigures | undefined,
): Target[] {
  const one = summaries.find((s) => s.key === 'pg-1');
  const sqlite = summaries.find((s) => s.key === 'bearer');
  if (!one || !sqlite) return [];
  const vsSqlite = pairedRatio(results.get('pg-1')!, results.get('bearer')!);
  const cpu = one.cpuUsPerRequest / sqlite.cpuUsPerRequest;
  return [
    {
      name: 'PostgreSQL, 1 replica ≥ 0.9× the SQLite process (Bearer)',
      measured: `${vsSqlite.ratio.toFixed(2)}× (median of the rounds' quotients; ahead in ${vsSqlite.ahead} of ${vsSqlite.rounds})`,
      pass: vsSqlite.ratio >= 0.9,
    },
    {
      name: 'PostgreSQL, 1 replica ≥ 0.7× bare Express',
      measured: `${one.ratioToBare.toFixed(2)}×`,
      pass: one.ratioToBare >= 0.7,
    },
    {
      name: 'PostgreSQL replica CPU per request ≤ 1.2× SQLite’s',
      measured: `${cpu.toFixed(2)}× (${one.cpuUsPerRequest.toFixed(0)} against ${sqlite.cpuUsPerRequest.toFixed(0)} µs)`,
      pass: cpu <= 1.2,
    },
    {
      // The replica's own count of what it sent, with the flush and the jobs in it: ≈ 0 is a few per second.
      name: 'PostgreSQL work per cached verification ≈ 0 (statements per request)',
      measured:
        one.statementsPerRequest === undefined
          ? 'not measured'
          : `${one.statementsPerRequest.toFixed(4)} statements (${one.cacheMisses} cache misses in the rounds), ` +
            `${one.dbCpuUsPerRequest!.toFixed(1)} µs of PostgreSQL CPU per request`,
      pass: one.statementsPerRequest === undefined ? undefined : one.statementsPerRequest <= 0.01,
    },
    {
      name: 'revocation refused on every replica: p99 ≤ 100 ms, max ≤ 1 s',
      measured: propagation
        ? `p50 ${propagation.p50Ms.toFixed(1)}, p99 ${propagation.p99Ms.toFixed(1)}, max ` +
          `${propagation.maxMs.toFixed(1)} ms over ${propagation.lagsMs.length} lags`
        : 'not measured',
      pass: propagation
        ? propagation.p99Ms <= 100 && propagation.maxMs <= 1000 && propagation.unexpected === 0
        : undefined,
    },
  ];
}
