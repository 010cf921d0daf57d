import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { digestToken, generateToken } from '../../server/src/lib/token-format.js';
import { createPostgresStore } from '../../server/src/store/postgres.js';
import { createSqliteStore } from '../../server/src/store/sqlite.js';
import { measureConsole, type ConsoleFigures } from './console-weight.js';
import { runLoad, type LoadResult, type LoadTarget } from './load.js';
import { cpuMs, startServer, type ServerProcess } from './proc.js';
import { median, pairedRatio, summarise, table, targetsReport, type ScenarioSummary, type Target } from './report.js';
import { BENCH_PASSWORD, ensureConsoleUser, readSeed, seedStore, writeSeed, type SeedInfo } from './seed.js';
import { measureVerifyCost } from './verify-cost.js';
import { dropSchema } from '../../server/src/test-support/postgres-opener.js';

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
    'port-base': { type: 'string', default: '3600' },
  },
});

const smoke = opt.smoke;
const cfg = {
  // Five rounds: with three, one noisy round in a scenario moved its median by the few per cent that separate the 401
  // and 200 paths (docs/benchmarks.md).
  rounds: Number(opt.rounds ?? (smoke ? 1 : 5)),
  duration: Number(opt.duration ?? (smoke ? 1 : 5)),
  warmup: Number(opt.warmup ?? (smoke ? 0 : 2)),
  // Unmeasured load right before each measured round, for every server alike (bare Express and the peer included).
  settle: Number(opt.settle ?? (smoke ? 0 : 1)),
  connections: Number(opt.connections),
  tokens: Number(opt.tokens ?? (smoke ? 1_000 : 1_000_000)),
  users: Number(opt.users ?? (smoke ? 10 : 10_000)),
  sample: smoke ? 100 : 10_000,
  portBase: Number(opt['port-base']),
  peer: opt.peer && !smoke,
  postgres: opt.postgres && !smoke,
  console: opt.console && !opt['no-console'],
};

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheRoot = path.join(repo, 'bench/.cache');
const log = (line: string) => process.stdout.write(line + '\n');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The newest modification time under a file or directory (0 when it is missing). */
function newestMtime(target: string): number {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return (fs.readdirSync(target, { recursive: true }) as string[])
    .map((f) => fs.statSync(path.join(target, f)).mtimeMs)
    .reduce((a, b) => Math.max(a, b), stat.mtimeMs);
}

/**
 * The production build, made by the same `npm run build` that `npm start` runs, when the server (server/dist) or the
 * console (web/dist) is missing or older than one of its sources: a fresh clone's first `npm run bench` measures both.
 */
function ensureBuilt() {
  const builtAt = (file: string) => fs.statSync(path.join(repo, file), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const stale = (built: number, sources: string[]) =>
    built === 0 || sources.some((s) => newestMtime(path.join(repo, s)) > built);
  if (
    !stale(builtAt('server/dist/main.js'), ['server/src']) &&
    !stale(builtAt('web/dist/index.html'), ['web/src', 'web/public', 'web/index.html', 'vite.config.ts'])
  )
    return;
  log('building the server and the console (npm run build) …');
  const r = spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the build failed');
}

/** Seeds through the store's bulk path once per size; later runs reuse the cached data directory. */
async function seededDataDir(): Promise<{ dataDir: string; seed: SeedInfo; cached: boolean }> {
  const dir = path.join(cacheRoot, `sqlite-${cfg.tokens}t-${cfg.users}u`);
  const dataDir = path.join(dir, 'data');
  const existing = readSeed(dir);
  if (existing) return { dataDir, seed: existing, cached: true };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  log(`seeding ${cfg.tokens.toLocaleString('en')} tokens over ${cfg.users.toLocaleString('en')} users …`);
  const store = await createSqliteStore(dataDir);
  try {
    const seed = await seedStore(store, cfg, log);
    writeSeed(dir, seed);
    return { dataDir, seed, cached: false };
  } finally {
    await store.close();
  }
}

/** Seeds PostgreSQL through its store once per size, in a schema of its own; reused while its tokens still verify. */
async function seededPostgres(url: string): Promise<{ schema: string; seed: SeedInfo; cached: boolean }> {
  const schema = `bench_${cfg.tokens}t_${cfg.users}u`;
  const dir = path.join(cacheRoot, `postgres-${cfg.tokens}t-${cfg.users}u`);
  const existing = readSeed(dir);
  if (existing) {
    const store = await createPostgresStore(url, { schema, poolMax: 2 });
    const found = await store.authTokens
      .findCredential(digestToken(existing.sample[0]!.token))
      .finally(() => store.close());
    if (found) return { schema, seed: existing, cached: true };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  await dropSchema(url, schema);
  log(`seeding PostgreSQL (schema ${schema}) with ${cfg.tokens.toLocaleString('en')} tokens …`);
  const store = await createPostgresStore(url, { schema, poolMax: 2 });
  try {
    const seed = await seedStore(store, cfg, log);
    writeSeed(dir, seed);
    return { schema, seed, cached: false };
  } finally {
    await store.close();
  }
}

/** The children's environment: this shell's, minus anything that would change what the servers do. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(TESSERA_|DATABASE_URL$|REDIS_URL$|NODE_OPTIONS$)/.test(k)) env[k] = v;
  return { ...env, NODE_ENV: 'production', HOST: '127.0.0.1', ...extra };
}

interface Scenario {
  key: string;
  label: string;
  targets: () => LoadTarget[];
  server: () => ServerProcess | undefined;
  /** The processes whose CPU time the scenario costs, when not just server()'s (two replicas). */
  pids?: () => number[];
}

async function main() {
  const runStarted = Date.now();
  log(
    `Tessera benchmark${smoke ? ' (smoke)' : ''}: ${os.cpus().length} CPUs, Node ${process.version}, ${os.platform()}`,
  );
  log(
    `rounds ${cfg.rounds} × ${cfg.duration} s (warm-up ${cfg.warmup} s, ${cfg.settle} s unmeasured before each round), ` +
      `${cfg.connections} connections, ` +
      `${cfg.tokens.toLocaleString('en')} tokens / ${cfg.users.toLocaleString('en')} users`,
  );
  ensureBuilt();

  const seedStarted = Date.now();
  const { dataDir, seed, cached } = await seededDataDir();
  log(
    cached
      ? `seed: cached (${dataDir}); it took ${secs(seed.seedMs)} when made`
      : `seed: ${secs(seed.seedMs)} for ${seed.tokens.toLocaleString('en')} tokens (${secs(Date.now() - seedStarted)} with setup)`,
  );

  // In-process cost first, while nothing else runs.
  // Twice: as shipped (credentials remembered between lookups) and with every lookup read from the tables.
  const costStore = await createSqliteStore(dataDir);
  const tableStore = await createSqliteStore(dataDir, undefined, { credentialCacheSize: 0 });
  const sampleTokens = seed.sample.map((s) => s.token);
  const cost = await measureVerifyCost(costStore, sampleTokens, smoke ? 2_000 : 100_000);
  const tableCost = await measureVerifyCost(tableStore, sampleTokens, smoke ? 2_000 : 100_000);
  const consoleUser = await ensureConsoleUser(costStore);
  await tableStore.close();
  await costStore.close();
  const us = (x: number) => `${x.toFixed(1)} µs`;
  log(
    `in-process verification: ${us(cost.verifyUs)} remembered, ${us(tableCost.verifyUs)} from the tables ` +
      `(SHA-256 ${us(cost.digestUs)}; lookup ${us(cost.lookupUs)} remembered, ${us(tableCost.lookupUs)} from the ` +
      `tables); unknown token ${us(cost.verifyUnknownUs)} remembered, ${us(tableCost.verifyUnknownUs)} from the tables`,
  );

  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-'));
  const servers: ServerProcess[] = [];
  const port = (i: number) => cfg.portBase + i;
  const tesseraArgs = [path.join(repo, 'server/dist/main.js')];
  const tsx = ['--import', 'tsx'];
  const tessera = (name: string, i: number, env: Record<string, string>) =>
    startServer({
      name,
      args: tesseraArgs,
      port: port(i),
      readyPath: '/api/health',
      logFile: path.join(logDir, `${name}.log`),
      env: cleanEnv({ TESSERA_DATA_DIR: dataDir, TESSERA_ADMIN_PASSWORD: BENCH_PASSWORD, ...env }),
    });

  let exitCode = 0;
  try {
    const shipped = await tessera('tessera', 0, {});
    servers.push(shipped);
    const logAll = await tessera('tessera-log-all', 1, { TESSERA_ACCESS_LOG: 'all' });
    servers.push(logAll);
    // The 401 path measured as such: with the per-IP failure throttle at its default, one client would be refused
    // with 429 after 50 failures and the load would measure the throttle instead of verification.
    const unknownPath = await tessera('tessera-401', 2, { TESSERA_TOKEN_FAILURES_PER_MINUTE: '1000000000' });
    servers.push(unknownPath);
    // Beside the shipped figure: every verification read from the tables, as on PostgreSQL or with the memory off.
    const noMemory = await tessera('tessera-no-memory', 7, { TESSERA_CREDENTIAL_CACHE_SIZE: '0' });
    servers.push(noMemory);
    const bare = await startServer({
      name: 'bare',
      args: [...tsx, path.join(repo, 'bench/src/servers/bare.ts')],
      port: port(3),
      readyPath: '/api/whoami',
      logFile: path.join(logDir, 'bare.log'),
      env: cleanEnv({}),
    });
    servers.push(bare);
    let peer: ServerProcess | undefined;
    let peerKeys: string[] = [];
    if (cfg.peer) {
      const peerDir = path.join(cacheRoot, 'peer-1000');
      log('starting the peer (better-auth 1.7.5 + API-key plugin; seeds 1,000 keys on first run) …');
      peer = await startServer({
        name: 'peer',
        args: [...tsx, path.join(repo, 'bench/src/servers/peer.ts')],
        port: port(4),
        readyPath: '/api/whoami',
        logFile: path.join(logDir, 'peer.log'),
        env: cleanEnv({ PEER_DATA_DIR: peerDir, PEER_KEYS: '1000' }),
        startTimeoutMs: 300_000,
      });
      servers.push(peer);
      peerKeys = JSON.parse(fs.readFileSync(path.join(peerDir, 'keys.json'), 'utf8')) as string[];
    }

    let pg: { replicas: ServerProcess[]; seed: SeedInfo } | undefined;
    if (cfg.postgres) {
      const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
      const pgSeed = await seededPostgres(url);
      log(
        pgSeed.cached
          ? `PostgreSQL seed: cached in schema ${pgSeed.schema}; it took ${secs(pgSeed.seed.seedMs)} when made`
          : `PostgreSQL seed: ${secs(pgSeed.seed.seedMs)}`,
      );
      const replicas: ServerProcess[] = [];
      for (const i of [0, 1]) {
        const replica = await tessera(`tessera-pg-${i + 1}`, 5 + i, {
          DATABASE_URL: url,
          TESSERA_PG_SCHEMA: pgSeed.schema,
          TESSERA_SESSION_SECRET: 'bench-session-secret-shared-by-the-replicas-0123456789',
        });
        servers.push(replica);
        replicas.push(replica);
      }
      pg = { replicas, seed: pgSeed.seed };
    }

    const bearer = seed.sample.map((s) => ({ authorization: `Bearer ${s.token}` }));
    const xAuth = seed.sample.map((s) => ({ 'x-auth-token': s.token }));
    const basic = seed.sample.map((s) => ({
      authorization: `Basic ${Buffer.from(`${s.username}:${s.token}`).toString('base64')}`,
    }));
    const unknown = Array.from({ length: seed.sample.length }, () => ({ authorization: `Bearer ${generateToken()}` }));
    const peerHeaders = peerKeys.map((k) => ({ 'x-api-key': k }));
    const rotate = (list: Record<string, string>[]) => (n: number) => list[n % list.length]!;
    const target = (s: ServerProcess, headers: Record<string, string>[], expectStatus = 200): LoadTarget => ({
      url: s.url,
      connections: cfg.connections,
      headers: rotate(headers),
      expectStatus,
    });

    const scenarios: Scenario[] = [
      { key: 'bare', label: 'bare Express 5', targets: () => [target(bare, bearer)], server: () => bare },
      {
        key: 'bearer',
        label: 'Tessera, Authorization: Bearer',
        targets: () => [target(shipped, bearer)],
        server: () => shipped,
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
        key: 'unknown',
        label: 'Tessera, unknown tokens (401 path)',
        targets: () => [target(unknownPath, unknown, 401)],
        server: () => unknownPath,
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
      scenarios.push(
        {
          key: 'pg-1',
          label: 'Tessera on PostgreSQL, Bearer, 1 replica',
          targets: () => [target(one, pgBearer)],
          server: () => one,
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
        },
      );
    }

    if (cfg.warmup > 0) {
      log(`warming up every server for ${cfg.warmup} s …`);
      for (const s of scenarios) await runLoad(s.targets(), cfg.warmup);
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
        const cpuBefore = cpu();
        const r = await runLoad(s.targets(), cfg.duration).finally(() => clearInterval(poll));
        r.cpuUsPerRequest = ((cpu() - cpuBefore) * 1000) / Math.max(1, r.requests);
        results.get(s.key)!.push(r);
        log(
          `  round ${round}/${cfg.rounds} ${s.key.padEnd(13)} ${Math.round(r.reqPerSec).toString().padStart(6)} req/s  ` +
            `p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  errors ${r.errors}  unexpected ${r.unexpected}`,
        );
      }
    }

    let consoleFigures: ConsoleFigures | undefined;
    if (cfg.console) {
      const webDist = path.join(repo, 'web/dist/index.html');
      if (!fs.existsSync(webDist)) log('console: web/dist is not built (npm run build); skipped');
      else {
        try {
          consoleFigures = await measureConsole(shipped.url, consoleUser, BENCH_PASSWORD, smoke ? 2 : 10);
        } catch (err) {
          log(`console: not measured: ${(err as Error).message.split('\n')[0]}`);
        }
      }
    }

    const bareRounds = results.get('bare')!;
    const summaries: ScenarioSummary[] = scenarios.map((s) =>
      summarise(s.key, s.label, results.get(s.key)!, bareRounds, s.server()?.loadRssMb()),
    );
    const by = (key: string) => summaries.find((s) => s.key === key);
    log('');
    log(
      `GET /api/whoami, medians of ${cfg.rounds} alternating rounds of ${cfg.duration} s, ${cfg.connections} connections`,
    );
    log(table(summaries));
    log(
      `shipped server: RSS under load ${shipped.loadRssMb()} MB, VmHWM since start ${shipped.peakRssMb()} MB; ` +
        `seed ${secs(seed.seedMs)}; verification in process ${us(cost.verifyUs)} (${us(tableCost.verifyUs)} from the tables)`,
    );
    if (consoleFigures) {
      for (const p of consoleFigures.pages)
        log(
          `console ${p.name}: JS ${(p.jsGzip / 1024).toFixed(1)} KB gzipped, CSS ${(p.cssGzip / 1024).toFixed(1)} KB gzipped (${p.files} files)`,
        );
      log(
        `console: Auth Tokens interactive in ${Math.round(consoleFigures.interactiveMs)} ms (median of ${consoleFigures.samples.length}: ` +
          `${consoleFigures.samples.map((x) => Math.round(x)).join(', ')})`,
      );
    }

    for (const key of ['pg-1', 'pg-2']) {
      const row = by(key);
      if (row)
        log(`${row.label}: ${(row.ratioToBare / by('bearer')!.ratioToBare).toFixed(2)}× the SQLite Bearer figure`);
    }
    const tokenKinds = ['bearer', 'x-auth-token', 'basic'].map((k) => by(k)!);
    const worst = tokenKinds.reduce((a, b) => (b.ratioToBare < a.ratioToBare ? b : a));
    const worstP99 = tokenKinds.reduce((a, b) => (b.p99RatioToBare > a.p99RatioToBare ? b : a));
    const peerRow = by('peer');
    // The 401 path against the 200 path in the same round (see pairedRatio), not through their ratios to bare.
    const unknown401 = pairedRatio(results.get('unknown')!, results.get('bearer')!);
    const jsMax = consoleFigures && Math.max(...consoleFigures.pages.map((p) => p.jsGzip));
    const targets: Target[] = [
      {
        name: 'token requests ≥ 0.75× bare Express (worst header kind)',
        measured: `${worst.ratioToBare.toFixed(2)}× (${worst.key})`,
        pass: worst.ratioToBare >= 0.75,
      },
      {
        name: 'zero errors on token requests',
        measured: `${tokenKinds.reduce((s, r) => s + r.errors + r.unexpected, 0)} errors or non-200`,
        pass: tokenKinds.every((r) => r.errors + r.unexpected === 0),
      },
      {
        name: 'p99 ≤ 2× bare Express (worst header kind)',
        measured: `${worstP99.p99RatioToBare.toFixed(2)}× (${worstP99.key})`,
        pass: worstP99.p99RatioToBare <= 2,
      },
      {
        name: '≥ 5× the peer (Bearer vs better-auth verifyApiKey)',
        measured: peerRow ? `${(by('bearer')!.reqPerSec / peerRow.reqPerSec).toFixed(1)}×` : 'run with --peer',
        pass: peerRow ? by('bearer')!.reqPerSec / peerRow.reqPerSec >= 5 : undefined,
      },
      {
        name: '401 path at least as fast as the 200 path',
        measured:
          `${unknown401.ratio.toFixed(2)}× the Bearer 200 path (median of the rounds' quotients; ahead in ` +
          `${unknown401.ahead} of ${unknown401.rounds} rounds)`,
        pass: unknown401.ratio >= 1,
      },
      {
        name: 'peak RSS under load ≤ 200 MB',
        measured: `${shipped.loadRssMb()} MB (VmHWM since start ${shipped.peakRssMb()} MB)`,
        pass: shipped.loadRssMb() <= 200,
      },
      {
        name: 'console initial JS ≤ 150 KB gzipped',
        measured: jsMax === undefined ? 'not measured' : `${(jsMax / 1024).toFixed(1)} KB`,
        pass: jsMax === undefined ? undefined : jsMax <= 150 * 1024,
      },
      {
        name: 'Auth Tokens interactive ≤ 1 s',
        measured: consoleFigures ? `${Math.round(consoleFigures.interactiveMs)} ms` : 'not measured',
        pass: consoleFigures ? consoleFigures.interactiveMs <= 1000 : undefined,
      },
    ];
    log('');
    log(targetsReport(targets));
    log(
      `load average during the run: ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} (above ~2 means a shared machine)`,
    );

    fs.mkdirSync(cacheRoot, { recursive: true });
    fs.writeFileSync(
      path.join(cacheRoot, smoke ? 'last-smoke.json' : 'last-run.json'),
      JSON.stringify({ cfg, seedMs: seed.seedMs, cost, summaries, consoleFigures, targets, at: new Date() }, null, 2),
    );

    // Timing never fails the run; a server answering errors does.
    const broken = summaries.filter((s) => s.errors + s.unexpected > 0);
    if (broken.length > 0) {
      log(`\nFAILED: unexpected answers from ${broken.map((s) => s.key).join(', ')}; logs in ${logDir}`);
      exitCode = 1;
    }
    log(
      `\ndone in ${secs(Date.now() - runStarted)} (median req/s of bare: ${Math.round(median(bareRounds.map((r) => r.reqPerSec)))})`,
    );
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    if (exitCode === 0) fs.rmSync(logDir, { recursive: true, force: true });
  }
  process.exitCode = exitCode;
}

main().catch((err: unknown) => {
  process.stderr.write(`benchmark failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
