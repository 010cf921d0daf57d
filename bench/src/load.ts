import autocannon from 'autocannon';

export interface LoadResult {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Responses whose status is not the expected one (200, or 401 on the invalid-token path). */
  unexpected: number;
  /** The server's CPU time per request (µs, all its threads), when the caller measured it. */
  cpuUsPerRequest?: number;
  /** PostgreSQL scenarios: the database backends' CPU time (µs) and table accesses per request (pg-probe.ts). */
  dbCpuUsPerRequest?: number;
  dbAccessesPerRequest?: number;
  /** PostgreSQL scenarios, from the loaded replicas' /metrics: statements they sent per request, and in the round the
   *  lookups their credential caches could not answer (misses), those sent past a distrusted cache (bypassed) and the
   *  times they dropped them. */
  statementsPerRequest?: number;
  cacheMisses?: number;
  cacheBypassed?: number;
  flushedTokens?: number;
  cacheInvalidations?: number;
}

export interface LoadTarget {
  url: string;
  connections: number;
  /** Headers for the n-th request: rotates through many credentials so no cache sees the same one twice in a row. */
  headers: (n: number) => Record<string, string>;
  expectStatus: number;
  /** How many different credentials the headers rotate through: a warm pass sends each once. */
  distinct?: number;
}

/**
 * One autocannon run against GET /api/whoami; several targets run at once (replicas) and are summed. With `pass`, each
 * target instead sends one request per credential it rotates through (its `distinct`), whatever time that takes.
 */
export async function runLoad(targets: LoadTarget[], durationSec: number, pass = false): Promise<LoadResult> {
  const results = await Promise.all(
    targets.map((t) => {
      let n = 0;
      return autocannon({
        url: t.url,
        connections: t.connections,
        ...(pass && t.distinct ? { amount: t.distinct } : { duration: durationSec }),
        requests: [
          {
            method: 'GET',
            path: '/api/whoami',
            setupRequest: (req) => ({ ...req, headers: t.headers(n++) }),
          },
        ],
      });
    }),
  );
  let reqPerSec = 0;
  let requests = 0;
  let errors = 0;
  let unexpected = 0;
  for (const [i, r] of results.entries()) {
    reqPerSec += r.requests.average;
    requests += r.requests.total;
    errors += r.errors + r.timeouts;
    const expected = r.statusCodeStats?.[String(targets[i]!.expectStatus) as `${number}`]?.count ?? 0;
    const answered = Object.values(r.statusCodeStats ?? {}).reduce((sum, s) => sum + (s.count ?? 0), 0);
    unexpected += answered - expected;
  }
  // Replicas share the load, so latency is that of the slower one.
  const p50Ms = Math.max(...results.map((r) => r.latency.p50));
  const p99Ms = Math.max(...results.map((r) => r.latency.p99));
  return { reqPerSec, p50Ms, p99Ms, requests, errors, unexpected };
}
