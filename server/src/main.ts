import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import pino from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { openBackends } from './backends.js';
import { ensureDataDir, sessionSecretFrom } from './lib/data-dir.js';
import { warnWithoutPublicUrl } from './http/public-origin.js';

/** At most this long (ms) between a log line and its write. */
const LOG_FLUSH_MS = 500;

// Under load V8 lets the old generation fill with short-lived garbage up to several times the live heap before a
// full collection (about 110 MB for a ~25 MB live heap here). Growing it by at most half the live size between
// collections keeps the resident size under load near 155 MB instead of 230 MB, at no measurable cost in
// throughput (docs/benchmarks-history.md). A --heap-growing-percent given on the command line wins.
if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent'))) {
  v8.setFlagsFromString('--heap-growing-percent=50');
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  // Lines written asynchronously, 4 KB or LOG_FLUSH_MS at a time: docs/decisions/0004-performance-deviations.md §2.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => {
    try {
      destination.flush();
    } catch {
      // destroyed at exit: nothing left to write
    }
  }, LOG_FLUSH_MS).unref();
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
  const server = tessera.app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(
      { url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`, store: store.dialect },
      'Tessera is listening',
    );
    destination.flush(); // start-up is news at once, not after the first 4 KB of lines
  });
  server.keepAliveTimeout = 65_000;
  // TESSERA_METRICS_PORT: /metrics alone on a listener of its own (loopback unless TESSERA_METRICS_HOST says otherwise).
  const { port: metricsPort, host: metricsHost } = config.metrics;
  if (tessera.metricsApp && metricsPort !== undefined) {
    // Express 5 hands a listen error (a port in use) to this callback: asked for metrics it cannot serve, stop.
    const metricsServer = tessera.metricsApp.listen(metricsPort, metricsHost, (err?: Error) => {
      if (err) {
        process.stderr.write(`Tessera could not serve metrics on ${metricsHost}:${metricsPort}: ${err.message}\n`);
        process.exit(1);
      }
      const address = metricsServer.address();
      logger.info({ port: typeof address === 'object' && address ? address.port : metricsPort }, 'metrics are served');
    });
  }

  let stopping = false;
  // Draining is not ready: a load balancer polling /api/ready stops sending new work here.
  readinessChecks.push(async () => {
    if (stopping) throw new Error('shutting down');
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    // Every answer from now on closes its connection, so a request already on its way over a kept-alive connection
    // is answered rather than reset (closing "idle" connections at once reset the ones whose request had arrived but
    // not yet been read: a restart test saw it on a loaded machine), and its client opens no more work here.
    server.prependListener('request', (_req, res) => res.setHeader('Connection', 'close'));
    setTimeout(() => {
      server.close(async () => {
        await tessera.shutdown();
        await closeBackends();
        logger.info('stopped');
        process.exit(0);
      });
      server.closeIdleConnections();
      // A keep-alive socket whose request was in flight goes idle only later: close it when it does.
      setInterval(() => server.closeIdleConnections(), 100).unref();
    }, config.drainGraceMs);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Tessera failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
