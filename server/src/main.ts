import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { openBackends } from './backends.js';
import { ensureDataDir, sessionSecretFrom } from './lib/data-dir.js';
import { warnWithoutPublicUrl } from './http/public-origin.js';
import { listen } from './listen.js';
import { openLogDestination, type LogDestination } from './log-destination.js';
import { drainOnSignals, exitAfterLog } from './shutdown.js';

// Under load V8 lets the old generation fill with short-lived garbage up to several times the live heap before a
// full collection (about 110 MB for a ~25 MB live heap here). Growing it by at most half the live size between
// collections keeps the resident size under load near 155 MB instead of 230 MB, at no measurable cost in
// throughput (docs/benchmarks-history.md). A --heap-growing-percent given on the command line wins.
if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent'))) {
  v8.setFlagsFromString('--heap-growing-percent=50');
}

// Lines written asynchronously, 4 KB or 500 ms at a time (docs/decisions/0004-performance-deviations.md §2), and
// never waited for longer than a second at exit (docs/deploy.md, "Exit codes").
const destination = openLogDestination();
const exit = exitAfterLog(destination);

async function main(destination: LogDestination) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      exit(2);
      return;
    }
    throw err;
  }
  const logger = createLogger(config.logLevel, destination);
  // The data directory holds the SQLite database or a generated session secret: 0700, its files 0600.
  if ((!config.databaseUrl || !config.sessionSecret) && !ensureDataDir(config.dataDir)) {
    logger.warn(
      { dataDir: config.dataDir },
      'the data directory is open to other users and not this user’s to change; its files are still 0600',
    );
  }
  const {
    store,
    sessionStore,
    signInCounters,
    tokenFailureCounter,
    sessionRevocation,
    readinessChecks,
    close: closeBackends,
  } = await openBackends(config, logger);
  const tessera = createApp({
    config,
    store,
    logger,
    sessionSecret: sessionSecretFrom(config.dataDir, config.sessionSecret),
    webDist: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist'),
    ...(sessionStore ? { sessionStore } : {}),
    ...(signInCounters ? { signInCounters } : {}),
    ...(tokenFailureCounter ? { tokenFailureCounter } : {}),
    sessionRevocation,
    readinessChecks,
  });

  const generated = await tessera.services.users
    .ensureInitialAdmin(config.adminPassword, () => randomBytes(18).toString('base64url'))
    .catch(async (err: unknown) => {
      // Replicas starting together on an empty database race to create the admin; the loser finds it made.
      if ((await store.users.count()) > 0) return undefined;
      throw err;
    });
  if (generated) {
    // Deliberately stdout, not the log: shown once to whoever started the server, never stored in clear.
    process.stdout.write(
      `\nInitial admin password (user "admin"), shown only this once and never again: ${generated}\n\n`,
    );
  }

  // The saved lifecycle policy is in force from the first request (until read, the environment's values would be).
  await tessera.services.policy.whenLoaded();
  warnWithoutPublicUrl(config, logger);
  const server = http.createServer(tessera.app);
  server.keepAliveTimeout = 65_000;
  // TESSERA_METRICS_PORT: /metrics alone on a listener of its own (loopback unless TESSERA_METRICS_HOST says otherwise),
  // listened on first: asked for metrics it cannot serve, the start ends before the API says it is listening.
  const { port: metricsPort, host: metricsHost } = config.metrics;
  if (tessera.metricsApp && metricsPort !== undefined) {
    const metrics = await listen(http.createServer(tessera.metricsApp), metricsPort, metricsHost).catch(
      (err: Error) => {
        throw new Error(`metrics (TESSERA_METRICS_PORT): ${err.message}`);
      },
    );
    logger.info({ port: metrics.port }, 'metrics are served');
  }
  // "listening" only once it is: a port in use or not ours to take ends the start (main's catch, exit code 1).
  const address = await listen(server, config.port, config.host);
  logger.info(
    { url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${address.port}`, store: store.dialect },
    'Tessera is listening',
  );
  destination.flush(); // start-up is news at once, not after the first 4 KB of lines

  const stopping = drainOnSignals({
    server,
    logger,
    graceMs: config.drainGraceMs,
    timeoutMs: config.shutdownTimeoutMs,
    finish: async () => {
      await tessera.shutdown();
      await closeBackends();
    },
    exit,
  });
  // Draining is not ready: a load balancer polling /api/ready stops sending new work here.
  readinessChecks.push(async () => {
    if (stopping()) throw new Error('shutting down');
  });
}

main(destination).catch((err: unknown) => {
  process.stderr.write(`Tessera failed to start: ${(err as Error).message}\n`);
  exit(1);
});
