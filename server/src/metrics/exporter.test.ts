import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from '../test-support/prometheus-text.js';
import { AppMetrics } from './app-metrics.js';
import { MetricsExporter } from './exporter.js';

/** A store with only a credential cache's statistics, as the PostgreSQL and SQLite stores report them. */
function cacheOnlyStore() {
  const state = { hits: 0, misses: 0, bypassed: 0, invalidations: 0, trusted: true, lag: [] as number[], reads: 0 };
  return {
    state,
    cacheStats() {
      state.reads++;
      const invalidationLagSeconds = state.lag;
      state.lag = [];
      const { hits, misses, bypassed, invalidations, trusted } = state;
      return { hits, misses, bypassed, invalidations, trusted, invalidationLagSeconds };
    },
  };
}

const scrape = async (e: MetricsExporter) => parsePrometheusText((await e.render()).text);
const LAG = 'tessera_credential_cache_invalidation_lag_seconds';

describe('the credential cache’s metrics (a store with cacheStats)', () => {
  it('exports hits, misses and invalidations as counters, trust as a gauge and each lag sample once', async () => {
    const store = cacheOnlyStore();
    const exporter = new MetricsExporter(new AppMetrics(), store);
    Object.assign(store.state, { hits: 30, misses: 10, bypassed: 4, invalidations: 2, lag: [0.004, 0.2] });
    const first = await scrape(exporter);
    expect(store.state.reads).toBe(1); // one read per scrape: the lag samples are drained by it
    expect(sampleValue(first, 'tessera_credential_cache_hits_total')).toBe(30);
    expect(sampleValue(first, 'tessera_credential_cache_misses_total')).toBe(10);
    expect(sampleValue(first, 'tessera_credential_cache_bypassed_total')).toBe(4);
    expect(sampleValue(first, 'tessera_credential_cache_invalidations_total')).toBe(2);
    expect(sampleValue(first, 'tessera_credential_cache_trusted')).toBe(1);
    expect(sampleValue(first, `${LAG}_count`)).toBe(2);
    expect(sampleValue(first, `${LAG}_bucket`, { le: '0.1' })).toBe(1);
    expect(sampleValue(first, `${LAG}_sum`)).toBeCloseTo(0.204);

    Object.assign(store.state, { hits: 31, trusted: false, lag: [0.05] });
    const second = await scrape(exporter);
    expect(sampleValue(second, 'tessera_credential_cache_hits_total')).toBe(31);
    expect(sampleValue(second, 'tessera_credential_cache_trusted')).toBe(0);
    expect(sampleValue(second, `${LAG}_count`)).toBe(3); // 2 + 1: drained samples are not counted again
    expect(sampleValue(second, `${LAG}_bucket`, { le: '0.1' })).toBe(2);
  });

  it('exports no cache or pool family for a store without them', async () => {
    const samples = await scrape(new MetricsExporter(new AppMetrics(), {}));
    expect(samples.filter((s) => /^tessera_(credential_cache|pg_pool)_/.test(s.name))).toEqual([]);
    expect(sampleValue(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });
});

describe('AppMetrics as exported', () => {
  it('counts a failed job run and a failed flush under their outcome', async () => {
    const metrics = new AppMetrics();
    const exporter = new MetricsExporter(metrics, {});
    metrics.jobRun('test.job', 'failed', 0.02);
    metrics.jobRun('test.job', 'skipped', 0);
    metrics.flushed(0.3, 5, true);
    const samples = await scrape(exporter);
    expect(sampleValue(samples, 'tessera_job_runs_total', { job: 'test.job', outcome: 'failed' })).toBe(1);
    expect(sampleValue(samples, 'tessera_job_runs_total', { job: 'test.job', outcome: 'skipped' })).toBe(1);
    expect(sampleValue(samples, 'tessera_job_run_duration_seconds_count', { job: 'test.job' })).toBe(1);
    expect(sampleValue(samples, 'tessera_job_last_success_timestamp_seconds', { job: 'test.job' })).toBeUndefined();
    expect(sampleValue(samples, 'tessera_last_use_flush_duration_seconds_count', { outcome: 'failed' })).toBe(1);
    expect(
      sampleValue(samples, 'tessera_last_use_flush_duration_seconds_bucket', { outcome: 'failed', le: '0.25' }),
    ).toBe(0);
    expect(
      sampleValue(samples, 'tessera_last_use_flush_duration_seconds_bucket', { outcome: 'failed', le: '0.5' }),
    ).toBe(1);
    expect(sampleValue(samples, 'tessera_last_use_flushed_tokens_total')).toBe(0);
  });
});
