import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPostgresStore } from '../../server/src/store/postgres.js';
import { log, readSettings } from './config.js';
import type { ServerProcess } from './proc.js';
import { BENCH_ADMIN, BENCH_PASSWORD, ensureBenchAdmin } from './seed.js';
import { ensureBuilt, startPostgresReplicas } from './servers.js';

// Issue 22: "report the revocation-propagation distribution (p50/p99/max over 200 revocations across 3 replicas)".
// For each revocation a fresh token is made, used once on every replica (so each has it remembered, the case a cache
// could get wrong), deleted on one replica — taking turns — and then asked for on the two others, back to back, until
// each refuses it. The lag is from the moment the DELETE's 204 reached the client (what the owner was told) to the
// first 401 on that replica: what a script holding a leaked token could still do after its owner deleted it.

export interface PropagationFigures {
  revocations: number;
  /** Lags (ms) of every (revocation, other replica) pair, ascending. */
  lagsMs: number[];
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers that were neither 200 (before the refusal) nor 401: must be 0. */
  unexpected: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function request(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: object,
): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  const data = body ? JSON.stringify(body) : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: { ...headers, ...(data ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function signIn(url: string): Promise<string> {
  const res = await request(
    `${url}/api/session`,
    'POST',
    { 'sec-fetch-site': 'same-origin' },
    {
      username: BENCH_ADMIN,
      password: BENCH_PASSWORD,
    },
  );
  if (res.status !== 200) throw new Error(`propagation: admin sign-in answered ${res.status}`);
  return (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Polls `url` with `token` until it is refused; the time of that answer, or throws on anything unexpected. */
async function untilRefused(url: string, token: string, deadline: number): Promise<{ at: number; odd: number }> {
  let odd = 0;
  for (;;) {
    const res = await request(`${url}/api/whoami`, 'GET', { authorization: `Bearer ${token}` });
    const at = performance.now();
    // 429 once an address has failed too often: refused just the same (the bench's replicas allow far more).
    if (res.status === 401 || res.status === 429) return { at, odd };
    if (res.status !== 200) odd++;
    if (at > deadline) throw new Error(`propagation: a deleted token still verified after ${at - deadline + 5000} ms`);
  }
}

export async function measurePropagation(replicaUrls: string[], revocations: number): Promise<PropagationFigures> {
  if (replicaUrls.length < 2) throw new Error('propagation: needs two replicas or more');
  const session = { cookie: await signIn(replicaUrls[0]!), 'sec-fetch-site': 'same-origin' };
  const lags: number[] = [];
  let unexpected = 0;
  for (let i = 0; i < revocations; i++) {
    const made = await request(`${replicaUrls[0]!}/api/users/me/auth-tokens`, 'POST', session, {
      description: `propagation ${i}`,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    if (made.status !== 201) throw new Error(`propagation: create answered ${made.status} ${made.text.slice(0, 200)}`);
    const { id, token } = JSON.parse(made.text) as { id: string; token: string };
    for (const url of replicaUrls) {
      const warm = await request(`${url}/api/whoami`, 'GET', { authorization: `Bearer ${token}` });
      if (warm.status !== 200) throw new Error(`propagation: a new token answered ${warm.status} on ${url}`);
    }
    const revoker = replicaUrls[i % replicaUrls.length]!;
    const deleted = await request(`${revoker}/api/users/me/auth-tokens/${id}`, 'DELETE', session);
    const t0 = performance.now();
    if (deleted.status !== 204) throw new Error(`propagation: delete answered ${deleted.status}`);
    const others = replicaUrls.filter((u) => u !== revoker);
    const refused = await Promise.all(others.map((u) => untilRefused(u, token, t0 + 5_000)));
    for (const r of refused) {
      lags.push(Math.max(0, r.at - t0));
      unexpected += r.odd;
    }
  }
  agent.destroy();
  lags.sort((a, b) => a - b);
  return {
    revocations,
    lagsMs: lags,
    p50Ms: percentile(lags, 50),
    p99Ms: percentile(lags, 99),
    maxMs: lags[lags.length - 1]!,
    unexpected,
  };
}

export function propagationReport(f: PropagationFigures, replicas: number): string {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  return (
    `revocation propagation (${f.revocations} deletes taking turns over ${replicas} replicas, each refused on the ` +
    `${replicas - 1} others; ${f.lagsMs.length} lags from the 204 to the first 401): p50 ${ms(f.p50Ms)}, ` +
    `p99 ${ms(f.p99Ms)}, max ${ms(f.maxMs)}; unexpected answers ${f.unexpected}`
  );
}

export function logPropagation(f: PropagationFigures, replicas: number) {
  log(propagationReport(f, replicas));
}

// `npm run propagation -w bench [-- --tokens 20000 --users 50]`: the three PostgreSQL replicas on their seed (made or
// reused as the full run does) and the propagation step alone, for trying a change to the invalidation path.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { smoke, cfg } = readSettings();
  ensureBuilt();
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-'));
  const servers: ServerProcess[] = [];
  try {
    const pg = await startPostgresReplicas(cfg, logDir, logDir, servers);
    const admin = await createPostgresStore(pg.url, { schema: pg.schema, poolMax: 1 });
    await ensureBenchAdmin(admin).finally(() => admin.close());
    logPropagation(
      await measurePropagation(
        pg.replicas.map((r) => r.url),
        smoke ? 10 : 200,
      ),
      pg.replicas.length,
    );
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    fs.rmSync(logDir, { recursive: true, force: true });
  }
}
