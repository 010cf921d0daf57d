import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The benchmark's settings, from its command line (`npm run bench -- --smoke`, `--peer`, `--rounds 3` …). */
export interface BenchSettings {
  rounds: number;
  duration: number;
  warmup: number;
  settle: number;
  /** The bulk revoke's capacity probe, then its baseline load at half that rate (seconds; a steady p99 takes 20). */
  capacitySeconds: number;
  baselineSeconds: number;
  connections: number;
  tokens: number;
  users: number;
  sample: number;
  portBase: number;
  peer: boolean;
  postgres: boolean;
  console: boolean;
}

export function readSettings(): { smoke: boolean; cfg: BenchSettings } {
  const { values: opt } = parseArgs({
    options: {
      smoke: { type: 'boolean', default: false },
      peer: { type: 'boolean', default: false },
      postgres: { type: 'boolean', default: false },
      console: { type: 'boolean', default: true },
      'no-console': { type: 'boolean', default: false },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      settle: { type: 'string' },
      connections: { type: 'string', default: '50' },
      tokens: { type: 'string' },
      users: { type: 'string' },
      // BENCH_PORT_BASE: a run beside another one on the machine (.ci/run's smoke and someone's full benchmark).
      'port-base': { type: 'string', default: process.env.BENCH_PORT_BASE ?? '3600' },
    },
  });

  const smoke = opt.smoke;
  const duration = Number(opt.duration ?? (smoke ? 1 : 5));
  const warmup = Number(opt.warmup ?? (smoke ? 0 : 2));
  const cfg: BenchSettings = {
    // Five rounds: with three, one noisy round in a scenario moved its median by the few per cent that separate the
    // 401 and 200 paths (docs/benchmarks-history.md).
    rounds: Number(opt.rounds ?? (smoke ? 1 : 5)),
    duration,
    warmup,
    // Unmeasured load right before each measured round, for every server alike (bare Express and the peer included).
    settle: Number(opt.settle ?? (smoke ? 0 : 1)),
    // A smoke run only proves the steps still work: a second of each load, not the 23 s a steady p99 needs.
    capacitySeconds: smoke ? 1 : Math.max(3, warmup),
    baselineSeconds: smoke ? 1 : Math.max(20, duration),
    connections: Number(opt.connections),
    tokens: Number(opt.tokens ?? (smoke ? 1_000 : 1_000_000)),
    users: Number(opt.users ?? (smoke ? 10 : 10_000)),
    sample: smoke ? 100 : 10_000,
    portBase: Number(opt['port-base']),
    peer: opt.peer && !smoke,
    postgres: opt.postgres && !smoke,
    console: opt.console && !opt['no-console'],
  };
  return { smoke, cfg };
}

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cacheRoot = path.join(repo, 'bench/.cache');
export const log = (line: string) => process.stdout.write(line + '\n');
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The statement timeout of the benchmark's own PostgreSQL stores (seeding a million tokens, adding 100,000 aged ones,
 * ANALYZE): a server's 5 s bound (TESSERA_PG_TIMEOUT_MS) is for requests, not for bulk set-up.
 */
export const BULK_TIMEOUT_MS = 600_000;
