import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { adminKeystoneToken } from '../test-support/credential-requests.js';
import { backends, startTestApp, type TestApp } from '../test-support/harness.js';
import { parsePrometheusText, sampleValue, type PromSample } from '../test-support/prometheus-text.js';

const TOKEN = 'metrics-scrape-token-0123456789abcdef';
const VERIFICATION = 'tessera_credential_verification_duration_seconds_count';

async function scrape(t: TestApp): Promise<PromSample[]> {
  const res = await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(res.text);
}

/** How much a sample moved between two scrapes (absent counts as 0). */
const moved = (before: PromSample[], after: PromSample[], name: string, labels: Record<string, string> = {}) =>
  (sampleValue(after, name, labels) ?? 0) - (sampleValue(before, name, labels) ?? 0);

describe.each(backends)('GET /metrics with TESSERA_METRICS_TOKEN (%s)', (kind) => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp(kind, {
      TESSERA_METRICS_TOKEN: TOKEN,
      TESSERA_TRUST_PROXY: 'loopback',
      TESSERA_TOKEN_FAILURES_PER_MINUTE: '3',
    });
    token = (await t.createToken(await t.signIn())).token;
  });
  afterAll(async () => t.close());

  it('answers 401 problem+json without the token or with another, and the exposition with it; never logs it', async () => {
    for (const authorization of [undefined, 'Bearer not-the-metrics-token-at-all-0123456789', `Basic ${TOKEN}`]) {
      const req = t.http.get('/metrics');
      const res = await (authorization ? req.set('Authorization', authorization) : req);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="tessera-metrics"');
      expect(res.body).toMatchObject({ status: 401, code: 'unauthenticated' });
      expect(res.text).not.toContain('tessera_');
    }
    const samples = await scrape(t);
    // prom-client's default process metrics, and this app's own families
    expect(sampleValue(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(sampleValue(samples, 'tessera_http_responses_total', { code: '401' })).toBeGreaterThanOrEqual(3);
    expect(t.logs.text).toContain('"path":"/metrics"');
    expect(t.logs.text).not.toContain(TOKEN);
    expect(t.logs.text).not.toContain('not-the-metrics-token');
    // Only GET: the other methods, and paths below it, are the API's 404.
    expect((await t.http.post('/metrics').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(404);
    expect((await t.http.get('/metrics/x').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(404);
  });

  it('moves the verification histogram of the request’s kind, header and outcome', async () => {
    const before = await scrape(t);
    expect((await t.http.get('/api/whoami').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    const basic = `Basic ${Buffer.from(`admin:${token}`).toString('base64')}`;
    expect((await t.http.get('/api/whoami').set('Authorization', basic)).status).toBe(200);
    const after = await scrape(t);
    expect(moved(before, after, VERIFICATION, { kind: 'auth_token', scheme: 'bearer', outcome: 'ok' })).toBe(1);
    expect(moved(before, after, VERIFICATION, { kind: 'auth_token', scheme: 'basic', outcome: 'ok' })).toBe(1);
    const bucket = { kind: 'auth_token', scheme: 'bearer', outcome: 'ok', le: '+Inf' };
    expect(moved(before, after, 'tessera_credential_verification_duration_seconds_bucket', bucket)).toBe(1);
    expect(
      sampleValue(after, 'tessera_credential_verification_duration_seconds_sum', {
        kind: 'auth_token',
        scheme: 'bearer',
        outcome: 'ok',
      }),
    ).toBeGreaterThan(0);
  });

  it('labels a Keystone token sent as X-Auth-Token by its kind and header', async () => {
    const keystoneToken = await adminKeystoneToken(t.http);
    const before = await scrape(t);
    expect((await t.http.get('/api/whoami').set('X-Auth-Token', keystoneToken)).status).toBe(200);
    const after = await scrape(t);
    expect(moved(before, after, VERIFICATION, { kind: 'keystone_token', scheme: 'x-auth-token', outcome: 'ok' })).toBe(
      1,
    );
  });

  it('counts a 401 and a 429 by status and as verification outcomes', async () => {
    const from = { 'X-Forwarded-For': '203.0.113.7' };
    const unknown = `Bearer ${token.slice(0, -6)}AAAAAA`;
    const before = await scrape(t);
    expect((await t.http.get('/api/whoami').set(from).set('Authorization', unknown)).status).toBe(401);
    const after401 = await scrape(t);
    expect(moved(before, after401, 'tessera_http_responses_total', { code: '401' })).toBe(1);
    expect(
      moved(before, after401, VERIFICATION, { kind: 'auth_token', scheme: 'bearer', outcome: 'unauthorized' }),
    ).toBe(1);

    let status = 0;
    for (let i = 0; i < 10 && status !== 429; i++)
      status = (await t.http.get('/api/whoami').set(from).set('Authorization', unknown)).status;
    expect(status).toBe(429);
    const after429 = await scrape(t);
    expect(moved(after401, after429, 'tessera_http_responses_total', { code: '429' })).toBe(1);
    expect(
      moved(after401, after429, VERIFICATION, { kind: 'auth_token', scheme: 'bearer', outcome: 'throttled' }),
    ).toBe(1);
  });

  it('counts a 403: a verified token refused by the route (verification itself was ok)', async () => {
    await t.createUser('metrics-user');
    const own = (await t.createToken(await t.signIn('metrics-user', 'metrics-user-password-123'))).token;
    const before = await scrape(t);
    expect((await t.http.get('/api/users').set('Authorization', `Bearer ${own}`)).status).toBe(403);
    const after = await scrape(t);
    expect(moved(before, after, 'tessera_http_responses_total', { code: '403' })).toBe(1);
    expect(moved(before, after, VERIFICATION, { kind: 'auth_token', scheme: 'bearer', outcome: 'ok' })).toBe(1);
  });

  it('observes the duration of a last-used flush', async () => {
    await t.tessera.lastUse.flush(true); // what earlier tests left pending
    const before = await scrape(t);
    expect(
      (await t.http.get('/api/whoami').set('X-Forwarded-For', '198.51.100.4').set('Authorization', `Bearer ${token}`))
        .status,
    ).toBe(200);
    await t.tessera.lastUse.flush();
    const after = await scrape(t);
    expect(moved(before, after, 'tessera_last_use_flush_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(moved(before, after, 'tessera_last_use_flushed_tokens_total')).toBe(1);
  });

  it('counts a background job’s run, its duration and its last success', async () => {
    const job = 'events.dispatch';
    expect(t.tessera.jobs.names()).toContain(job);
    const before = await scrape(t);
    expect(await t.tessera.jobs.runNow(job)).toBe(true);
    const after = await scrape(t);
    expect(moved(before, after, 'tessera_job_runs_total', { job, outcome: 'ok' })).toBe(1);
    expect(moved(before, after, 'tessera_job_run_duration_seconds_count', { job })).toBe(1);
    t.tessera.jobs.register({ name: 'test.failing', intervalMs: 60_000, run: () => Promise.reject(new Error('boom')) });
    await expect(t.tessera.jobs.runNow('test.failing')).rejects.toThrow('boom');
    const failed = await scrape(t);
    expect(sampleValue(failed, 'tessera_job_runs_total', { job: 'test.failing', outcome: 'failed' })).toBe(1);
    expect(sampleValue(after, 'tessera_job_last_success_timestamp_seconds', { job })).toBeGreaterThan(
      Date.now() / 1000 - 60,
    );
  });

  it('reports the PostgreSQL pool’s connections, and none on SQLite', async () => {
    const samples = await scrape(t);
    const idle = sampleValue(samples, 'tessera_pg_pool_connections', { state: 'idle' });
    const inUse = sampleValue(samples, 'tessera_pg_pool_connections', { state: 'in_use' });
    const waiting = sampleValue(samples, 'tessera_pg_pool_waiting_clients');
    if (kind === 'sqlite') {
      expect([idle, inUse, waiting]).toEqual([undefined, undefined, undefined]);
      return;
    }
    expect(idle).toBeGreaterThan(0); // the queries above left their connections in the pool
    expect(inUse).toBeGreaterThanOrEqual(0);
    expect(waiting).toBe(0);
    expect(sampleValue(samples, 'tessera_pg_pool_max_connections')).toBeGreaterThanOrEqual(idle! + inUse!);
  });

  it('counts the statements sent to PostgreSQL (none on SQLite)', async () => {
    const before = t.store.statementCount?.();
    const samples = await scrape(t);
    const sent = sampleValue(samples, 'tessera_pg_statements_total');
    if (kind === 'sqlite') return expect(sent).toBeUndefined();
    // The store's own counter at the scrape: between its reads around it (a background job may send one meanwhile).
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeGreaterThanOrEqual(before!);
    expect(sent).toBeLessThanOrEqual(t.store.statementCount!());
  });

  it('reports the credential cache when the store keeps one', async () => {
    const samples = await scrape(t);
    const hits = sampleValue(samples, 'tessera_credential_cache_hits_total');
    if (typeof t.store.cacheStats !== 'function') return expect(hits).toBeUndefined();
    const stats = t.store.cacheStats();
    expect(hits).toBeLessThanOrEqual(stats.hits);
    expect(sampleValue(samples, 'tessera_credential_cache_trusted')).toBe(stats.trusted ? 1 : 0);
  });
});

describe('where /metrics is served', () => {
  it('nowhere without a token or a port: the main port answers 404', async () => {
    const t = await startTestApp('sqlite');
    try {
      const res = await t.http.get('/metrics');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(t.tessera.metricsApp).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('on TESSERA_METRICS_PORT alone when no token is set, and only /metrics there', async () => {
    const t = await startTestApp('sqlite', { TESSERA_METRICS_PORT: '0' });
    try {
      expect((await t.http.get('/metrics')).status).toBe(404);
      const own = request(t.tessera.metricsApp!);
      const res = await own.get('/metrics');
      expect(res.status).toBe(200);
      expect(sampleValue(parsePrometheusText(res.text), 'process_cpu_seconds_total')).toBeGreaterThan(0);
      expect((await own.get('/api/whoami')).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('behind the token on TESSERA_METRICS_PORT too when both are set', async () => {
    const t = await startTestApp('sqlite', { TESSERA_METRICS_PORT: '0', TESSERA_METRICS_TOKEN: TOKEN });
    try {
      const own = request(t.tessera.metricsApp!);
      expect((await own.get('/metrics')).status).toBe(401);
      expect((await own.get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(200);
      expect((await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('metrics configuration', () => {
  it('refuses a short or spaced token without printing it, and a metrics port equal to PORT', () => {
    for (const value of ['short-metrics-token', 'a metrics token with spaces in it 0123456789']) {
      let err: unknown;
      try {
        loadConfig({ TESSERA_METRICS_TOKEN: value });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain('TESSERA_METRICS_TOKEN');
      expect((err as Error).message).not.toContain(value);
    }
    expect(() => loadConfig({ PORT: '3000', TESSERA_METRICS_PORT: '3000' })).toThrow(/TESSERA_METRICS_PORT/);
    expect(loadConfig({ TESSERA_METRICS_PORT: '9464' }).metrics).toEqual({
      token: undefined,
      port: 9464,
      host: '127.0.0.1',
    });
  });
});
