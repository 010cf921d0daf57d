import type { Registry } from 'prom-client';
import type { Store } from '../store/store.js';
import type { AppMetrics } from './app-metrics.js';
import { slotHistogramFamily } from './families.js';

/** Invalidation lag buckets (seconds): the alert in docs/deploy.md is on a p99 above 100 ms. */
const LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type CacheStats = ReturnType<NonNullable<Store['cacheStats']>>;

interface Built {
  registry: Registry;
  /** Reads what must be read once per scrape (the cache's drained lag samples) before the registry collects. */
  beforeScrape(): void;
}

/**
 * Prometheus exposition of AppMetrics, the store's pool and cache, and prom-client's default process metrics.
 * prom-client is imported on the first scrape, so a process that serves no metrics never loads it (docs/architecture.md:
 * a process holds only the libraries of what it uses); the process metrics count from then.
 */
export class MetricsExporter {
  private built: Promise<Built> | undefined;

  constructor(
    private readonly metrics: AppMetrics,
    private readonly store: Pick<Store, 'cacheStats' | 'poolCounts' | 'statementCount'>,
  ) {}

  async render(): Promise<{ contentType: string; text: string }> {
    const built = await (this.built ??= this.build());
    built.beforeScrape();
    return { contentType: built.registry.contentType, text: await built.registry.metrics() };
  }

  private async build(): Promise<Built> {
    const prom = await import('prom-client');
    const registry = new prom.Registry();
    const registers = [registry];
    prom.collectDefaultMetrics({ register: registry });
    const m = this.metrics;

    registry.registerMetric(
      slotHistogramFamily(
        'tessera_credential_verification_duration_seconds',
        'Token verification latency (from reading the credential to its answer) by credential kind, header and outcome.',
        function* () {
          for (const s of m.verifications.series()) yield { histogram: m.verifications.histogram, ...s };
        },
      ),
    );
    new prom.Counter({
      name: 'tessera_http_responses_total',
      help: 'HTTP responses by status code (401, 403 and 429 are refusals; 5xx are failures).',
      labelNames: ['code'],
      registers,
      collect() {
        this.reset();
        m.responses.forEach((n, code) => {
          if (n > 0) this.inc({ code: String(code) }, n);
        });
      },
    });

    const flushOutcomes = ['ok', 'failed'];
    registry.registerMetric(
      slotHistogramFamily(
        'tessera_last_use_flush_duration_seconds',
        'Duration of a batched last-used flush that had uses to write, by outcome (failed: kept for the next flush).',
        function* () {
          for (let slot = 0; slot < 2; slot++)
            if (m.flushes.count(slot) > 0)
              yield { histogram: m.flushes, slot, labels: { outcome: flushOutcomes[slot]! } };
        },
      ),
    );
    new prom.Counter({
      name: 'tessera_last_use_flushed_tokens_total',
      help: 'Tokens whose last use a flush wrote.',
      registers,
      collect() {
        this.reset();
        this.inc(m.flushedTokens);
      },
    });

    new prom.Counter({
      name: 'tessera_job_runs_total',
      help: 'Background job runs by job and outcome (skipped: another run, here or on another replica, held its lock).',
      labelNames: ['job', 'outcome'],
      registers,
      collect() {
        this.reset();
        for (const [job, s] of m.jobs)
          for (const outcome of ['ok', 'failed', 'skipped'] as const) this.inc({ job, outcome }, s[outcome]);
      },
    });
    registry.registerMetric(
      slotHistogramFamily('tessera_job_run_duration_seconds', 'Duration of background job runs by job.', function* () {
        for (const [job, s] of m.jobs)
          if (s.duration.count(0) > 0) yield { histogram: s.duration, slot: 0, labels: { job } };
      }),
    );
    new prom.Gauge({
      name: 'tessera_job_last_success_timestamp_seconds',
      help: 'When a job last ran successfully in this process (seconds since the epoch).',
      labelNames: ['job'],
      registers,
      collect() {
        this.reset();
        for (const [job, s] of m.jobs) if (s.lastSuccess > 0) this.set({ job }, s.lastSuccess);
      },
    });

    const pool = this.store.poolCounts?.();
    if (pool) this.poolGauges(prom, registers);
    const beforeScrape = typeof this.store.cacheStats === 'function' ? this.cacheMetrics(prom, registers) : () => {};
    return { registry, beforeScrape };
  }

  /** PostgreSQL's pool, read at scrape time. */
  private poolGauges(prom: typeof import('prom-client'), registers: Registry[]) {
    const counts = () => this.store.poolCounts?.() ?? { total: 0, idle: 0, waiting: 0, max: 0 };
    const statements = () => this.store.statementCount?.() ?? 0;
    new prom.Counter({
      name: 'tessera_pg_statements_total',
      help: 'Statements this process sent to PostgreSQL (a warm credential cache sends none for a verification).',
      registers,
      collect() {
        this.reset();
        this.inc(statements());
      },
    });
    new prom.Gauge({
      name: 'tessera_pg_pool_connections',
      help: 'PostgreSQL connections of this process by state (in_use: lent to a query or transaction).',
      labelNames: ['state'],
      registers,
      collect() {
        const c = counts();
        this.set({ state: 'in_use' }, c.total - c.idle);
        this.set({ state: 'idle' }, c.idle);
      },
    });
    new prom.Gauge({
      name: 'tessera_pg_pool_waiting_clients',
      help: 'Queries and transactions waiting for a PostgreSQL connection (the pool is at its bound).',
      registers,
      collect() {
        this.set(counts().waiting);
      },
    });
    new prom.Gauge({
      name: 'tessera_pg_pool_max_connections',
      help: 'The pool’s bound (TESSERA_PG_POOL_MAX).',
      registers,
      collect() {
        this.set(counts().max);
      },
    });
  }

  /** The credential cache's counts and lag; its samples are drained once per scrape, before the registry collects. */
  private cacheMetrics(prom: typeof import('prom-client'), registers: Registry[]): () => void {
    let stats: CacheStats = {
      hits: 0,
      misses: 0,
      bypassed: 0,
      invalidations: 0,
      trusted: true,
      invalidationLagSeconds: [],
    };
    const counter = (name: string, help: string, value: (s: CacheStats) => number) =>
      new prom.Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(value(stats));
        },
      });
    counter('tessera_credential_cache_hits_total', 'Credential lookups answered from the cache.', (s) => s.hits);
    counter('tessera_credential_cache_misses_total', 'Credential lookups the cache could not answer.', (s) => s.misses);
    counter(
      'tessera_credential_cache_bypassed_total',
      'Credential lookups sent to the database without asking the cache (off, or not trusted then).',
      (s) => s.bypassed,
    );
    counter(
      'tessera_credential_cache_invalidations_total',
      'Cache entries dropped because their credential changed.',
      (s) => s.invalidations,
    );
    new prom.Gauge({
      name: 'tessera_credential_cache_trusted',
      help: '1 while the cache is relied on; 0 while it is bypassed (its invalidations cannot be trusted).',
      registers,
      collect() {
        this.set(stats.trusted ? 1 : 0);
      },
    });
    const lag = new prom.Histogram({
      name: 'tessera_credential_cache_invalidation_lag_seconds',
      help: 'From a credential change’s commit to this process dropping its cache entry.',
      buckets: LAG_BUCKETS,
      registers,
    });
    return () => {
      stats = this.store.cacheStats!();
      for (const s of stats.invalidationLagSeconds) lag.observe(s);
    };
  }
}
