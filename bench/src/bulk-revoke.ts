import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { agedDescription, agedWorkingCopy, startWorkServer, type AgedShape } from './aged.js';
import { log, readSettings, secs, type BenchSettings } from './config.js';
import type { LoadResult } from './load.js';
import type { ServerProcess } from './proc.js';
import type { Target } from './report.js';
import { BENCH_ADMIN, BENCH_PASSWORD, type SeedInfo } from './seed.js';
import { ensureBuilt, seededDataDir } from './servers.js';

// Issue 19, point 2: "100,000 tokens revoked in one request must not block verification: verification p99 under the
// bulk revoke stays ≤ 2× its baseline". On a copy of the 1M-token SQLite data (so the seed stays as it was), 100,000
// aged tokens are added (aged.ts: made 200 days ago, none used in the last 90, a fifth expired); a Tessera server as
// shipped serves GET /api/whoami to the load's sample tokens (none of them among the 100,000) while an administrator
// revokes "unused for 90 days" in one request, which selects exactly the aged tokens. The p99 of the verifications
// during the request is compared with the p99 of the same load just before; the undo is measured the same way.

export interface BulkRevokeFigures {
  /** The load's rate (requests/s): half the capacity measured first. */
  rate: number;
  capacity: number;
  revoked: number;
  baseline: LoadResult;
  underRevoke: LoadResult;
  revokeMs: number;
  underUndo: LoadResult;
  undoMs: number;
  /** p99 under the revoke over the baseline p99. */
  ratio: number;
}

/**
 * Load on GET /api/whoami with the sample tokens until `until` resolves (or for `until` seconds); at `rate` requests
 * a second in all when given (open loop), else as fast as the server answers.
 */
function load(
  url: string,
  cfg: BenchSettings,
  seed: SeedInfo,
  until: Promise<unknown> | number,
  rate?: number,
): Promise<LoadResult> {
  let n = 0;
  const sample = seed.sample;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: cfg.connections,
        duration: typeof until === 'number' ? until : 3_600,
        ...(rate ? { overallRate: rate } : {}),
        requests: [
          {
            method: 'GET',
            path: '/api/whoami',
            setupRequest: (req) => ({
              ...req,
              headers: { Authorization: `Bearer ${sample[n++ % sample.length]!.token}` },
            }),
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        const answered = Object.values(r.statusCodeStats ?? {}).reduce((s, x) => s + (x.count ?? 0), 0);
        resolve({
          reqPerSec: r.requests.average,
          p50Ms: r.latency.p50,
          p99Ms: r.latency.p99,
          requests: r.requests.total,
          errors: r.errors + r.timeouts,
          unexpected: answered - (r.statusCodeStats?.['200']?.count ?? 0),
        });
      },
    );
    if (typeof until !== 'number') void until.finally(() => instance.stop());
  });
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin' },
    body: JSON.stringify({ username: BENCH_ADMIN, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`admin sign-in: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** A POST as the administrator, with no client timeout (a revocation under load may take minutes). */
function post(
  url: string,
  cookie: string,
  p: string,
  body?: object,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const data = body ? JSON.stringify(body) : '';
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}${p}`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(data),
          'Sec-Fetch-Site': 'same-origin',
          Cookie: cookie,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') as Record<string, unknown> }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** A request made half a second into a load (at `rate`) that ends when it is answered; its time and answer. */
async function underLoad(
  url: string,
  cfg: BenchSettings,
  seed: SeedInfo,
  rate: number,
  request: () => Promise<{ status: number; body: Record<string, unknown> }>,
) {
  let answered!: (ms: number) => void;
  const done = new Promise<number>((resolve) => (answered = resolve));
  const measured = load(url, cfg, seed, done, rate);
  await new Promise((r) => setTimeout(r, 500));
  const started = performance.now();
  const res = await request();
  answered(performance.now() - started);
  return { ...res, ms: await done, result: await measured };
}

export async function measureBulkRevoke(
  cfg: BenchSettings,
  dataDir: string,
  seed: SeedInfo,
  logDir: string,
  count = 100_000,
  /** Run on the server before anything else (the inventory step): the aged tokens as yet unrevoked, no load. */
  before?: (url: string, shape: AgedShape) => Promise<void>,
): Promise<BulkRevokeFigures> {
  log(`bulk revoke: copying the seed and adding ${count.toLocaleString('en')} aged tokens …`);
  const { work, shape } = await agedWorkingCopy(dataDir, count, cfg.users);
  log(`bulk revoke: ${agedDescription(shape)}`);
  let server: ServerProcess | undefined;
  try {
    server = await startWorkServer(cfg, work, logDir);
    const url = server.url;
    await before?.(url, shape);
    const cookie = await signIn(url);
    // The server's capacity, then the measured load at half of it: verification with room to spare, as a server
    // runs in service (at saturation any extra work only lengthens the queue, and the revocation gets no time).
    const capacity = await load(url, cfg, seed, cfg.capacitySeconds);
    const rate = Math.max(100, Math.round(capacity.reqPerSec / 2));
    const baseline = await load(url, cfg, seed, cfg.baselineSeconds, rate);
    log(`bulk revoke: capacity ${Math.round(capacity.reqPerSec)} req/s; the load at ${rate} req/s`);
    log(row('baseline', baseline));
    const revoke = await underLoad(url, cfg, seed, rate, () =>
      post(url, cookie, '/api/auth-tokens/revocations', {
        filter: { unusedForDays: 90 },
        reason: 'benchmark: unused for 90 days',
      }),
    );
    if (revoke.status !== 202)
      throw new Error(`the revocation answered ${revoke.status}: ${JSON.stringify(revoke.body)}`);
    log(`${row('during the revoke', revoke.result)}; ${String(revoke.body.count)} tokens in ${secs(revoke.ms)}`);
    const undo = await underLoad(url, cfg, seed, rate, () =>
      post(url, cookie, `/api/auth-tokens/revocations/${String(revoke.body.id)}/undo`),
    );
    if (undo.status !== 200) throw new Error(`the undo answered ${undo.status}: ${JSON.stringify(undo.body)}`);
    return {
      rate,
      capacity: capacity.reqPerSec,
      revoked: Number(revoke.body.count),
      baseline,
      underRevoke: revoke.result,
      revokeMs: revoke.ms,
      underUndo: undo.result,
      undoMs: undo.ms,
      ratio: revoke.result.p99Ms / baseline.p99Ms,
    };
  } finally {
    await server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const row = (name: string, r: LoadResult) =>
  `  ${name.padEnd(22)} p99 ${r.p99Ms.toFixed(1)} ms, p50 ${r.p50Ms.toFixed(1)} ms, ${Math.round(r.reqPerSec)} req/s, ` +
  `${r.requests} requests, ${r.errors + r.unexpected} errors or non-200`;

export function bulkRevokeReport(f: BulkRevokeFigures): string {
  return [
    `bulk revoke: ${f.revoked.toLocaleString('en')} tokens revoked in one request in ${secs(f.revokeMs)}, undone in ` +
      `${secs(f.undoMs)}; GET /api/whoami at ${f.rate} req/s (half the ${Math.round(f.capacity)} req/s measured)`,
    row('baseline', f.baseline),
    row('during the revoke', f.underRevoke),
    row('during the undo', f.underUndo),
    `  verification p99 during the revoke: ${f.ratio.toFixed(2)}× the baseline (target ≤ 2×)`,
  ].join('\n');
}

export const bulkRevokeTarget = (f: BulkRevokeFigures | undefined): Target => ({
  name: 'verification p99 during a 100,000-token revoke ≤ 2× baseline',
  measured: f ? `${f.ratio.toFixed(2)}× (${f.baseline.p99Ms} → ${f.underRevoke.p99Ms} ms)` : 'not measured',
  pass: f ? f.ratio <= 2 && f.underRevoke.errors + f.underRevoke.unexpected === 0 : undefined,
});

// `npm run bulk-revoke -w bench [-- --smoke]`: this step alone, on the cached seed.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { smoke, cfg } = readSettings();
  ensureBuilt();
  const { dataDir, seed } = await seededDataDir(cfg);
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-'));
  const figures = await measureBulkRevoke(cfg, dataDir, seed, logDir, smoke ? 1_000 : 100_000);
  log(bulkRevokeReport(figures));
  fs.rmSync(logDir, { recursive: true, force: true });
}
