import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateToken } from '../../server/src/lib/token-format.js';
import { runLoad } from './load.js';
import { startServer } from './proc.js';
import { readScopedSample, readSeed, seededServerEnv } from './seed.js';

// CPU profile of the production server under one kind of load: `npm run profile -w bench -- --kind bearer`.
// Only the samples taken during the measured load count (not start-up, not the warm-up that fills the credential
// memory and lets V8 optimise), and each function's time is also given per request, so two profiles (`--bare`, or
// `--dist` for another build) can be compared in µs rather than in shares of different totals.
const { values: opt } = parseArgs({
  options: {
    kind: { type: 'string', default: 'bearer' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '10' },
    /** Profile bare Express (bench/src/servers/bare.ts) instead of Tessera. */
    bare: { type: 'boolean', default: false },
    /** The built server to profile, default server/dist. */
    dist: { type: 'string' },
    tokens: { type: 'string', default: '1000000' },
    users: { type: 'string', default: '10000' },
    port: { type: 'string', default: '3618' },
    env: { type: 'string', multiple: true, default: [] },
    /** A PostgreSQL replica on the seed `npm run bench -- --postgres` made (DATABASE_URL or the local test database). */
    postgres: { type: 'boolean', default: false },
  },
});

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  /** µs on the monotonic clock, as process.hrtime. */
  startTime: number;
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sqliteDir = path.join(repo, `bench/.cache/sqlite-${opt.tokens}t-${opt.users}u`);
const cacheDir = opt.postgres ? path.join(repo, `bench/.cache/postgres-${opt.tokens}t-${opt.users}u`) : sqliteDir;
const seed = readSeed(cacheDir);
const postgresEnv = {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  TESSERA_PG_SCHEMA: `bench_${opt.tokens}t_${opt.users}u`,
  TESSERA_SESSION_SECRET: 'bench-session-secret-shared-by-the-replicas-0123456789',
};
if (!seed) throw new Error(`no seeded data in ${cacheDir}: run npm run bench first`);

/** Where a frame comes from, coarse enough to read: a package, a Tessera source file, or a V8 bucket. */
function origin(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  const own = /server\/dist\/(.*)$/.exec(url);
  return own ? `tessera:${own[1]}` : url;
}

async function main() {
  const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-prof-'));
  const extraEnv = Object.fromEntries(opt.env.map((e) => e.split('=', 2) as [string, string]));
  const dist = path.resolve(repo, opt.dist ?? 'server/dist');
  const server = await startServer({
    name: opt.bare ? 'bare-profiled' : 'tessera-profiled',
    args: [
      '--cpu-prof',
      '--cpu-prof-dir',
      profDir,
      ...(opt.bare ? ['--import', 'tsx', path.join(repo, 'bench/src/servers/bare.ts')] : [path.join(dist, 'main.js')]),
    ],
    port: Number(opt.port),
    readyPath: opt.bare ? '/api/whoami' : '/api/health',
    logFile: path.join(profDir, 'server.log'),
    env: opt.bare
      ? { PATH: process.env.PATH ?? '' }
      : seededServerEnv(path.join(sqliteDir, 'data'), { ...(opt.postgres ? postgresEnv : {}), ...extraEnv }),
  });
  const s = seed!.sample;
  const headers: Record<string, Record<string, string>[]> = {
    bearer: s.map((x) => ({ authorization: `Bearer ${x.token}` })),
    'x-auth-token': s.map((x) => ({ 'x-auth-token': x.token })),
    basic: s.map((x) => ({ authorization: `Basic ${Buffer.from(`${x.username}:${x.token}`).toString('base64')}` })),
    unknown: s.map(() => ({ authorization: `Bearer ${generateToken()}` })),
    // Issue 18's scoped scenario (its tokens are added by the first `npm run bench` on this seed).
    scoped: (readScopedSample(cacheDir)?.sample ?? []).map((x) => ({ authorization: `Bearer ${x.token}` })),
  };
  const list = headers[opt.kind]!;
  if (list.length === 0) throw new Error(`no tokens for --kind ${opt.kind}: run npm run bench first`);
  const target = {
    url: server.url,
    connections: 50,
    headers: (n: number) => list[n % list.length]!,
    expectStatus: opt.kind === 'unknown' ? 401 : 200,
  };
  if (Number(opt.warmup) > 0) await runLoad([target], Number(opt.warmup));
  const from = Number(process.hrtime.bigint() / 1000n);
  const r = await runLoad([target], Number(opt.duration));
  const to = Number(process.hrtime.bigint() / 1000n);
  await server.stop();
  const requests = r.requests;
  process.stdout.write(
    `${opt.bare ? 'bare' : 'tessera'} ${opt.kind}: ${Math.round(r.reqPerSec)} req/s, p99 ${r.p99Ms} ms\n`,
  );

  const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile was written');
  const profile = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= from && at <= to) self.set(id, (self.get(id) ?? 0) + delta);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, t] of self) {
    const f = byId.get(id)!.callFrame;
    const o = origin(f.url, f.functionName);
    byOrigin.set(o, (byOrigin.get(o) ?? 0) + t);
    const fn = `${f.functionName || '(anonymous)'} ${o}:${f.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, v]) =>
          `  ${((100 * v) / total).toFixed(1).padStart(5)}% ${(v / requests).toFixed(2).padStart(7)} µs  ${k}`,
      )
      .join('\n');
  const idle = byFunction.get('(idle) (idle):0') ?? 0;
  process.stdout.write(
    `main thread busy ${((total - idle) / requests).toFixed(1)} µs per request (${Math.round(requests)} requests, ` +
      `samples of the measured ${opt.duration} s only)\n` +
      `self time by origin (share, µs per request):\n${top(byOrigin, 25)}\n\n` +
      `self time by function:\n${top(byFunction, Number(process.env.PROFILE_TOP ?? 30))}\n`,
  );
  process.stdout.write(`profile: ${path.join(profDir, file)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`profile failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
