/**
 * The request-path cost of the metrics (issue 22, point 6), in process, no HTTP: the credentials middleware with and
 * without its VerificationRecorder around a verifier that answers at once (so the difference is the metrics' own),
 * VerificationMetrics.record alone, and the response counter's writeHead wrapper around a no-op. Rounds alternate
 * A and B; medians of the rounds. `npm run metrics-cost -w bench [-- --rounds 9 --calls 1000000]`.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Request, Response } from 'express';
import { credentials, type TokenVerifier } from '../../server/src/http/credentials.js';
import type { Principal } from '../../server/src/http/principal.js';
import { VerificationMetrics } from '../../server/src/metrics/verification.js';
import { median } from './report.js';

const { values: opt } = parseArgs({
  options: { rounds: { type: 'string', default: '9' }, calls: { type: 'string', default: '1000000' } },
});
const rounds = Number(opt.rounds);
const calls = Number(opt.calls);

const principal = (): Principal => ({
  user: { id: 'u1', username: 'alice', displayName: 'Alice', role: 'user' },
  authenticatedBy: 'auth-token',
  via: 'bearer',
  scopes: 1,
});
const verifier: TokenVerifier = { kind: 'auth_token', accepts: (raw) => raw.startsWith('tsr_'), verify: principal };
const middleware = (withMetrics: boolean) =>
  credentials({
    verifiers: [verifier],
    session: (_req, _res, next) => next(),
    users: { get: () => Promise.resolve(undefined) },
    absoluteTimeoutMs: 1,
    ...(withMetrics ? { verifications: new VerificationMetrics() } : {}),
  });
const req = {
  headers: { authorization: 'Bearer tsr_abcdefghijklmnopqrstuvwxyz0123456789' },
  socket: { remoteAddress: '127.0.0.1' },
} as unknown as Request;
const res = {} as Response;
const next = () => {};

/** Nanoseconds per call of fn over `calls` calls. */
function perCall(fn: () => void): number {
  const start = performance.now();
  for (let i = 0; i < calls; i++) fn();
  return ((performance.now() - start) * 1e6) / calls;
}

function ab(name: string, a: () => void, b: () => void) {
  perCall(a);
  perCall(b); // warm both
  const as: number[] = [];
  const bs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    as.push(perCall(a));
    bs.push(perCall(b));
  }
  const [ma, mb] = [median(as), median(bs)];
  console.log(`${name}: without ${ma.toFixed(1)} ns, with ${mb.toFixed(1)} ns, cost ${(mb - ma).toFixed(1)} ns/call`);
}

const plain = middleware(false);
const measured = middleware(true);
ab(
  'credentials middleware, a token verified synchronously',
  () => plain(req, res, next),
  () => measured(req, res, next),
);

const metrics = new VerificationMetrics();
const p = principal();
ab(
  'VerificationMetrics.record alone (clock read included)',
  () => {},
  () => metrics.record(verifier, p, 'bearer', 200, performance.now()),
);

const counts = new Float64Array(600);
const inner = function (this: unknown, _status: number, _a?: unknown, _b?: unknown) {
  return this;
};
const wrapped = function (this: unknown, status: number, a?: unknown, b?: unknown) {
  if (status >= 100 && status < counts.length) counts[status]!++;
  return inner.call(this, status, a, b);
};
const target = {};
ab(
  'writeHead wrapper (response counter) around a no-op',
  () => inner.call(target, 200),
  () => wrapped.call(target, 200),
);

// What the typed arrays replace: prom-client's pre-bound child, which still hashes its label object on every observe.
const prom = await import('prom-client');
const histogram = new prom.Histogram({
  name: 'cost_seconds',
  help: 'cost',
  labelNames: ['kind', 'scheme', 'outcome'],
  buckets: [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  registers: [],
});
const child = histogram.labels('auth_token', 'bearer', 'ok');
ab(
  'observe without the clock: typed arrays against a pre-bound prom-client child',
  () => metrics.histogram.observe(0, 0.00002),
  () => child.observe(0.00002),
);
