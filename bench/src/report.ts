import type { LoadResult } from './load.js';

export const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export interface ScenarioSummary {
  key: string;
  label: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Medians of the per-round ratios to the bare server's adjacent round. */
  ratioToBare: number;
  p99RatioToBare: number;
  errors: number;
  unexpected: number;
  requests: number;
  peakRssMb: number | undefined;
  /** Median server CPU time per request, and bare's per round divided by this one's (1 = as cheap as bare). */
  cpuUsPerRequest: number;
  cpuRatioToBare: number;
  /** PostgreSQL scenarios: medians of the database's CPU time (µs) and table accesses per request. */
  dbCpuUsPerRequest?: number;
  dbAccessesPerRequest?: number;
  /** PostgreSQL scenarios: the median of the replicas' statements per request, and cache misses summed over rounds. */
  statementsPerRequest?: number;
  cacheMisses?: number;
}

/**
 * How scenario A compares with scenario B, round by round: the median of A's req/s over B's in the same round, and in
 * how many rounds A was ahead. Each quotient is of two loads a few seconds apart, so drift between rounds cancels; the
 * quotient of their two medians of ratios to bare would pick different rounds for each and carry bare's noise twice.
 */
export function pairedRatio(a: LoadResult[], b: LoadResult[]): { ratio: number; ahead: number; rounds: number } {
  const n = Math.min(a.length, b.length);
  const quotients = Array.from({ length: n }, (_, i) => a[i]!.reqPerSec / b[i]!.reqPerSec);
  return { ratio: median(quotients), ahead: quotients.filter((q) => q >= 1).length, rounds: n };
}

/** Medians over rounds; ratios are taken round by round against bare Express, so drift on a shared machine cancels. */
export function summarise(
  key: string,
  label: string,
  rounds: LoadResult[],
  bareRounds: LoadResult[],
  peakRssMb: number | undefined,
): ScenarioSummary {
  const ratio = (pick: (r: LoadResult) => number) =>
    median(rounds.map((r, i) => pick(r) / pick(bareRounds[i] ?? bareRounds[0]!)));
  return {
    key,
    label,
    reqPerSec: median(rounds.map((r) => r.reqPerSec)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    ratioToBare: ratio((r) => r.reqPerSec),
    p99RatioToBare: ratio((r) => Math.max(r.p99Ms, 1)),
    errors: rounds.reduce((s, r) => s + r.errors, 0),
    unexpected: rounds.reduce((s, r) => s + r.unexpected, 0),
    requests: rounds.reduce((s, r) => s + r.requests, 0),
    peakRssMb,
    cpuUsPerRequest: median(rounds.map((r) => r.cpuUsPerRequest ?? NaN)),
    cpuRatioToBare: median(
      rounds.map((r, i) => (bareRounds[i] ?? bareRounds[0]!).cpuUsPerRequest! / (r.cpuUsPerRequest ?? NaN)),
    ),
    ...(rounds.some((r) => r.dbCpuUsPerRequest !== undefined)
      ? {
          dbCpuUsPerRequest: median(rounds.map((r) => r.dbCpuUsPerRequest ?? NaN)),
          dbAccessesPerRequest: median(rounds.map((r) => r.dbAccessesPerRequest ?? NaN)),
          statementsPerRequest: median(rounds.map((r) => r.statementsPerRequest ?? NaN)),
          cacheMisses: rounds.reduce((s, r) => s + (r.cacheMisses ?? 0), 0),
        }
      : {}),
  };
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export function table(rows: ScenarioSummary[]): string {
  const head = [
    'scenario',
    'req/s',
    '× bare',
    'p50 ms',
    'p99 ms',
    'p99 × bare',
    'errors',
    'unexpected',
    'peak RSS',
    'CPU µs/req',
    'CPU × bare',
  ];
  const widths = [44, 9, 7, 7, 7, 10, 7, 10, 9, 10, 10];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? pad(c, widths[0]!) : lpad(c, widths[i]!))).join(' ');
  const out = [line(head), '-'.repeat(widths.reduce((a, b) => a + b + 1, 0))];
  for (const r of rows) {
    out.push(
      line([
        r.label,
        Math.round(r.reqPerSec).toLocaleString('en'),
        r.ratioToBare.toFixed(2),
        String(r.p50Ms),
        String(r.p99Ms),
        r.p99RatioToBare.toFixed(2),
        String(r.errors),
        String(r.unexpected),
        r.peakRssMb === undefined ? '' : `${r.peakRssMb} MB`,
        Number.isFinite(r.cpuUsPerRequest) ? r.cpuUsPerRequest.toFixed(0) : '',
        Number.isFinite(r.cpuRatioToBare) ? r.cpuRatioToBare.toFixed(2) : '',
      ]),
    );
  }
  return out.join('\n');
}

export interface Target {
  name: string;
  measured: string;
  pass: boolean | undefined;
}

export function targetsReport(targets: Target[]): string {
  return targets
    .map((t) => `${t.pass === undefined ? 'SKIP' : t.pass ? 'PASS' : 'MISS'}  ${pad(t.name, 58)} ${t.measured}`)
    .join('\n');
}
