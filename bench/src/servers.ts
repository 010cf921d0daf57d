import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { digestToken } from '../../server/src/lib/token-format.js';
import { createPostgresStore } from '../../server/src/store/postgres.js';
import { createSqliteStore } from '../../server/src/store/sqlite.js';
import { dropSchema } from '../../server/src/test-support/postgres-opener.js';
import { BULK_TIMEOUT_MS, cacheRoot, log, repo, secs, type BenchSettings } from './config.js';
import { BENCH_METRICS_TOKEN } from './pg-probe.js';
import { startServer, type ServerProcess } from './proc.js';
import { BENCH_PASSWORD, readSeed, seedStore, writeSeed, type SeedInfo } from './seed.js';

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
 * console (web/dist) is missing or older than one of its sources or the lockfile: a fresh clone's first `npm run bench`
 * measures both, and so does the first run after a dependency changed.
 */
export function ensureBuilt() {
  const builtAt = (file: string) => fs.statSync(path.join(repo, file), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const stale = (built: number, sources: string[]) =>
    built === 0 || sources.some((s) => newestMtime(path.join(repo, s)) > built);
  if (
    !stale(builtAt('server/dist/main.js'), ['server/src', 'package-lock.json']) &&
    !stale(builtAt('web/dist/index.html'), [
      'web/src',
      'web/public',
      'web/index.html',
      'vite.config.ts',
      'package-lock.json',
    ])
  )
    return;
  log('building the server and the console (npm run build) …');
  const r = spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) {
    // A failed vite build can leave an index.html behind that the next run would trust; make it rebuild instead.
    for (const dist of ['server/dist', 'web/dist']) fs.rmSync(path.join(repo, dist), { recursive: true, force: true });
    throw new Error('the build failed');
  }
}

/** Seeds through the store's bulk path once per size; later runs reuse the cached data directory. */
export async function seededDataDir(cfg: BenchSettings): Promise<{ dataDir: string; seed: SeedInfo; cached: boolean }> {
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
async function seededPostgres(
  cfg: BenchSettings,
  url: string,
): Promise<{ schema: string; seed: SeedInfo; cached: boolean }> {
  const schema = `bench_${cfg.tokens}t_${cfg.users}u`;
  const dir = path.join(cacheRoot, `postgres-${cfg.tokens}t-${cfg.users}u`);
  const existing = readSeed(dir);
  if (existing) {
    const store = await createPostgresStore(url, {
      schema,
      poolMax: 2,
      credentialCacheSize: 0,
      timeoutMs: BULK_TIMEOUT_MS,
    });
    const found = await Promise.resolve(
      store.authTokens.findCredential(digestToken(existing.sample[0]!.token)),
    ).finally(() => store.close());
    if (found) return { schema, seed: existing, cached: true };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  await dropSchema(url, schema);
  log(`seeding PostgreSQL (schema ${schema}) with ${cfg.tokens.toLocaleString('en')} tokens …`);
  const store = await createPostgresStore(url, {
    schema,
    poolMax: 2,
    credentialCacheSize: 0,
    timeoutMs: BULK_TIMEOUT_MS,
  });
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

/** Every server a run loads: Tessera as shipped and in its variants, bare Express, and optionally the peer and PostgreSQL. */
export interface Fleet {
  shipped: ServerProcess;
  logAll: ServerProcess;
  unknownPath: ServerProcess;
  noMemory: ServerProcess;
  /** Issue 18's scoped tokens: the shipped configuration in a process of its own, so the shipped server's memory
   * figure stays that of the 10,000 plain tokens it always measured. */
  scoped: ServerProcess;
  bare: ServerProcess;
  peer: ServerProcess | undefined;
  peerKeys: string[];
  pg: { replicas: ServerProcess[]; seed: SeedInfo; url: string; schema: string } | undefined;
}

/** Starts a Tessera server as built (server/dist) on the settings' port slot `i`, logging to `logDir/<name>.log`. */
function tesseraLauncher(cfg: BenchSettings, dataDir: string, logDir: string) {
  return (name: string, i: number, env: Record<string, string>) =>
    startServer({
      name,
      args: [path.join(repo, 'server/dist/main.js')],
      port: cfg.portBase + i,
      readyPath: '/api/health',
      logFile: path.join(logDir, `${name}.log`),
      env: cleanEnv({ TESSERA_DATA_DIR: dataDir, TESSERA_ADMIN_PASSWORD: BENCH_PASSWORD, ...env }),
    });
}

/**
 * Three replicas on the PostgreSQL seed (DATABASE_URL, or the local test database): the load scenarios use the first
 * one or two, the propagation step all three (issue 22). Each joins `servers` as soon as it runs.
 */
export async function startPostgresReplicas(
  cfg: BenchSettings,
  dataDir: string,
  logDir: string,
  servers: ServerProcess[],
): Promise<NonNullable<Fleet['pg']>> {
  const tessera = tesseraLauncher(cfg, dataDir, logDir);
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const pgSeed = await seededPostgres(cfg, url);
  log(
    pgSeed.cached
      ? `PostgreSQL seed: cached in schema ${pgSeed.schema}; it took ${secs(pgSeed.seed.seedMs)} when made`
      : `PostgreSQL seed: ${secs(pgSeed.seed.seedMs)}`,
  );
  const replicas: ServerProcess[] = [];
  for (const [i, slot] of [5, 6, 10].entries()) {
    const replica = await tessera(`tessera-pg-${i + 1}`, slot, {
      DATABASE_URL: url,
      TESSERA_PG_SCHEMA: pgSeed.schema,
      TESSERA_SESSION_SECRET: 'bench-session-secret-shared-by-the-replicas-0123456789',
      // The propagation step asks for 400 deleted tokens from one address; the load asks only for live ones.
      TESSERA_TOKEN_FAILURES_PER_MINUTE: '1000000000',
      TESSERA_METRICS_TOKEN: BENCH_METRICS_TOKEN,
    });
    servers.push(replica);
    replicas.push(replica);
  }
  return { replicas, seed: pgSeed.seed, url, schema: pgSeed.schema };
}

/** Starts the fleet on the settings' ports; each server joins `servers` as soon as it runs, so a failure stops them. */
export async function startFleet(
  cfg: BenchSettings,
  dataDir: string,
  logDir: string,
  servers: ServerProcess[],
): Promise<Fleet> {
  const port = (i: number) => cfg.portBase + i;
  const tsx = ['--import', 'tsx'];
  const tessera = tesseraLauncher(cfg, dataDir, logDir);

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
  const scoped = await tessera('tessera-scoped', 8, {});
  servers.push(scoped);
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

  const pg = cfg.postgres ? await startPostgresReplicas(cfg, dataDir, logDir, servers) : undefined;
  return { shipped, logAll, unknownPath, noMemory, scoped, bare, peer, peerKeys, pg };
}
