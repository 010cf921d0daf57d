import http from 'node:http';
import { generateToken } from '../../server/src/lib/token-format.js';
import { log, type BenchSettings } from './config.js';
import { runLoad, type LoadResult, type LoadTarget } from './load.js';
import type { DatabaseProbe } from './pg-probe.js';
import { cpuMs, type ServerProcess } from './proc.js';
import type { ScopedSample, SeedInfo } from './seed.js';
import type { Fleet } from './servers.js';

/** One load the run measures: which server, with which headers. */
export interface Scenario {
  key: string;
  label: string;
  targets: () => LoadTarget[];
  server: () => ServerProcess | undefined;
  /** The processes whose CPU time the scenario costs, when not just server()'s (two replicas). */
  pids?: () => number[];
  /** PostgreSQL scenarios: what the database spends on them, and the replicas loaded (pg-probe.ts). */
  database?: () => DatabaseProbe;
  replicas?: () => ServerProcess[];
}

/** What is loaded: bare Express, each token header kind, the 401 path, the variants, the peer and PostgreSQL. */
export function scenariosFor(
  cfg: BenchSettings,
  fleet: Fleet,
  seed: SeedInfo,
  scoped: ScopedSample,
  database?: DatabaseProbe,
): Scenario[] {
  const { shipped, logAll, unknownPath, noMemory, bare, peer, peerKeys, pg } = fleet;
  const scopedServer = fleet.scoped;
  const bearer = seed.sample.map((s) => ({ authorization: `Bearer ${s.token}` }));
  const xAuth = seed.sample.map((s) => ({ 'x-auth-token': s.token }));
  const basic = seed.sample.map((s) => ({
    authorization: `Basic ${Buffer.from(`${s.username}:${s.token}`).toString('base64')}`,
  }));
  const scopedBearer = scoped.sample.map((s) => ({ authorization: `Bearer ${s.token}` }));
  const unknown = Array.from({ length: seed.sample.length }, () => ({ authorization: `Bearer ${generateToken()}` }));
  const peerHeaders = peerKeys.map((k) => ({ 'x-api-key': k }));
  const rotate = (list: Record<string, string>[]) => (n: number) => list[n % list.length]!;
  const target = (s: ServerProcess, headers: Record<string, string>[], expectStatus = 200): LoadTarget => ({
    url: s.url,
    connections: cfg.connections,
    headers: rotate(headers),
    expectStatus,
    distinct: headers.length,
  });

  const scenarios: Scenario[] = [
    { key: 'bare', label: 'bare Express 5', targets: () => [target(bare, bearer)], server: () => bare },
    {
      key: 'bearer',
      label: 'Tessera, Authorization: Bearer',
      targets: () => [target(shipped, bearer)],
      server: () => shipped,
    },
    // Right after Bearer: the 401 path's target compares the two round by round, seconds apart.
    {
      key: 'unknown',
      label: 'Tessera, unknown tokens (401 path)',
      targets: () => [target(unknownPath, unknown, 401)],
      server: () => unknownPath,
    },
    {
      key: 'x-auth-token',
      label: 'Tessera, X-Auth-Token',
      targets: () => [target(shipped, xAuth)],
      server: () => shipped,
    },
    {
      key: 'basic',
      label: 'Tessera, HTTP Basic username:token',
      targets: () => [target(shipped, basic)],
      server: () => shipped,
    },
    {
      // Issue 18: the plain token's path (the shipped build and settings, Bearer, GET /api/whoami) with a scope bit
      // test and the address matched against a ten-range allow-list on every request. Its own process: loaded on the
      // shipped server, 10,000 more remembered credentials put that server's peak RSS 10-15 MB above its history.
      key: 'scoped',
      label: 'Tessera, Bearer, 3 scopes + 10 networks',
      targets: () => [target(scopedServer, scopedBearer)],
      server: () => scopedServer,
    },
    {
      key: 'log-all',
      label: 'Tessera, Bearer, access log every request',
      targets: () => [target(logAll, bearer)],
      server: () => logAll,
    },
    {
      key: 'no-memory',
      label: 'Tessera, Bearer, credential memory off',
      targets: () => [target(noMemory, bearer)],
      server: () => noMemory,
    },
  ];
  if (peer) {
    const p = peer;
    scenarios.push({
      key: 'peer',
      label: 'better-auth 1.7.5 API key (peer)',
      targets: () => [target(p, peerHeaders)],
      server: () => p,
    });
  }

  if (pg) {
    const [one, two] = pg.replicas as [ServerProcess, ServerProcess];
    const pgBearer = pg.seed.sample.map((s) => ({ authorization: `Bearer ${s.token}` }));
    const half = Math.max(1, Math.floor(cfg.connections / 2));
    // Right after the SQLite process's Bearer and 401 loads: the targets compare them round by round, seconds apart.
    scenarios.splice(
      scenarios.findIndex((s) => s.key === 'unknown') + 1,
      0,
      {
        key: 'pg-1',
        label: 'Tessera on PostgreSQL, Bearer, 1 replica',
        targets: () => [target(one, pgBearer)],
        server: () => one,
        replicas: () => [one],
        ...(database ? { database: () => database } : {}),
      },
      {
        key: 'pg-2',
        label: 'Tessera on PostgreSQL, Bearer, 2 replicas',
        // Each replica gets half the connections; req/s is their sum.
        targets: () => [
          { ...target(one, pgBearer), connections: half },
          { ...target(two, pgBearer.slice().reverse()), connections: half },
        ],
        server: () => two,
        pids: () => [one.pid, two.pid],
        replicas: () => [one, two],
        ...(database ? { database: () => database } : {}),
      },
    );
  }
  return scenarios;
}

/** One GET /api/whoami from a given local address: its status and the problem's code, if any. */
function whoami(url: string, token: string, localAddress: string): Promise<{ status: number; code?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${url}/api/whoami`,
      { localAddress, headers: { authorization: `Bearer ${token}` }, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          let code: string | undefined;
          try {
            code = (JSON.parse(body) as { code?: string }).code;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, code });
        });
      },
    );
    req.on('error', reject);
  });
}

/**
 * Before the scoped scenario is measured, proof that its requests take the checks it claims to measure: a scoped
 * token is accepted from the load generator's 127.0.0.1, the same token from 127.0.0.2 (loopback, outside its list)
 * is refused with network_not_allowed, and a token without profile:read with insufficient_scope. A scenario that
 * skipped either check would load a cheaper path than it reports; the run stops instead.
 */
export async function checkScopedPath(server: ServerProcess, scoped: ScopedSample): Promise<void> {
  const token = scoped.sample[0]!.token;
  const checks: [string, Promise<{ status: number; code?: string }>, number, string | undefined][] = [
    ['scoped token from 127.0.0.1', whoami(server.url, token, '127.0.0.1'), 200, undefined],
    ['scoped token from 127.0.0.2', whoami(server.url, token, '127.0.0.2'), 401, 'network_not_allowed'],
    ['token without profile:read', whoami(server.url, scoped.withoutScope, '127.0.0.1'), 403, 'insufficient_scope'],
  ];
  for (const [what, answer, status, code] of checks) {
    const got = await answer;
    if (got.status !== status || (code !== undefined && got.code !== code))
      throw new Error(
        `scoped scenario: ${what} answered ${got.status} ${got.code ?? ''}, expected ${status} ${code ?? ''}`,
      );
  }
}

/** Warms every server up, then measures the scenarios in alternating rounds; each scenario's rounds in order. */
export async function measureRounds(cfg: BenchSettings, scenarios: Scenario[]): Promise<Map<string, LoadResult[]>> {
  if (cfg.warmup > 0) {
    // Each credential of each load once first: the rounds measure servers that have seen their credentials, as a
    // replica serving its clients for a while has. A PostgreSQL replica's first look-up of each is a round trip
    // (~1,000 req/s until warm), and a timed warm-up left most of its 10,000 unseen for the first round.
    log(`warming up every server: each credential of its loads once, then ${cfg.warmup} s …`);
    for (const s of scenarios) {
      await runLoad(s.targets(), 0, true);
      await runLoad(s.targets(), cfg.warmup);
    }
  }
  const results = new Map<string, LoadResult[]>(scenarios.map((s) => [s.key, []]));
  for (let round = 1; round <= cfg.rounds; round++) {
    for (const s of scenarios) {
      const polled = s.server();
      const poll = setInterval(() => polled?.sampleRss(), 250);
      // Server CPU per request beside throughput: it moves far less than req/s when the machine's speed drifts.
      const pids = (s.pids?.() ?? [polled?.pid]).filter((p): p is number => p !== undefined);
      const cpu = () => pids.reduce((sum, p) => sum + cpuMs(p), 0);
      // Each server sits idle through the other scenarios' rounds, and the first seconds of load after that cost
      // 10-30 % more CPU per request (bare Express's too): whichever scenario came first on a server was measured
      // slower than the same work right after it (Bearer, ahead of X-Auth and Basic on the same server, was the
      // worst kind in every run). A short unmeasured load first measures each server as it runs under load.
      if (cfg.settle > 0) await runLoad(s.targets(), cfg.settle);
      const database = s.database?.();
      const replicaUrls = (s.replicas?.() ?? []).map((r) => r.url);
      const dbBefore = await database?.snapshot(replicaUrls);
      const cpuBefore = cpu();
      const r = await runLoad(s.targets(), cfg.duration).finally(() => clearInterval(poll));
      r.cpuUsPerRequest = ((cpu() - cpuBefore) * 1000) / Math.max(1, r.requests);
      if (database && dbBefore) {
        const dbAfter = await database.snapshot(replicaUrls);
        const perRequest = (n: number) => n / Math.max(1, r.requests);
        r.dbCpuUsPerRequest = perRequest((dbAfter.backendCpuMs - dbBefore.backendCpuMs) * 1000);
        r.dbAccessesPerRequest = perRequest(dbAfter.tableAccesses - dbBefore.tableAccesses);
        r.statementsPerRequest = perRequest(dbAfter.statements - dbBefore.statements);
        r.cacheMisses = dbAfter.cacheMisses - dbBefore.cacheMisses;
        r.cacheBypassed = dbAfter.cacheBypassed - dbBefore.cacheBypassed;
        r.flushedTokens = dbAfter.flushedTokens - dbBefore.flushedTokens;
        r.cacheInvalidations = dbAfter.cacheInvalidations - dbBefore.cacheInvalidations;
      }
      results.get(s.key)!.push(r);
      log(
        `  round ${round}/${cfg.rounds} ${s.key.padEnd(13)} ${Math.round(r.reqPerSec).toString().padStart(6)} req/s  ` +
          `p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  errors ${r.errors}  unexpected ${r.unexpected}` +
          (r.statementsPerRequest === undefined
            ? ''
            : `  statements/request ${r.statementsPerRequest.toFixed(4)}  cache misses ${r.cacheMisses}  ` +
              `bypassed ${r.cacheBypassed}  invalidations ${r.cacheInvalidations}  flushed ${r.flushedTokens}  ` +
              `PostgreSQL CPU µs/request ${r.dbCpuUsPerRequest!.toFixed(1)}  CPU µs/request ${r.cpuUsPerRequest.toFixed(0)}`),
      );
    }
  }
  return results;
}
