import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createSqliteStore } from './sqlite.js';
import type { Store } from './store.js';

/** PostgreSQL when DATABASE_URL is set, else the embedded SQLite store. URLs are never logged: they may hold passwords. */
export async function openDatabase(config: Config, logger: Logger): Promise<Store> {
  if (!config.databaseUrl) {
    const store = await createSqliteStore(config.dataDir, undefined, {
      credentialCacheSize: config.credentialCacheSize,
    });
    logger.debug({ dataDir: config.dataDir }, 'opened the embedded SQLite store');
    return store;
  }
  // Loaded only here: the embedded default need not hold pg (3 MB of heap) for the life of the process.
  const { createPostgresStore } = await import('./postgres.js');
  const store = await createPostgresStore(config.databaseUrl, {
    ...(config.pgSchema ? { schema: config.pgSchema } : {}),
    poolMax: config.pgPoolMax,
    timeoutMs: config.pgTimeoutMs,
    credentialCacheSize: config.credentialCacheSize,
    onPoolError: (err) =>
      logger.warn({ err: err.message }, 'an idle PostgreSQL connection failed; it will be replaced'),
  });
  logger.info({ schema: config.pgSchema ?? null, poolMax: config.pgPoolMax }, 'opened the PostgreSQL store');
  return store;
}
