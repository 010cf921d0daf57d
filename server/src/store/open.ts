import type session from 'express-session';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createSqliteStore } from './sqlite.js';
import type { Store } from './store.js';

export interface Backends {
  store: Store;
  sessionStore?: session.Store;
  readinessChecks: (() => Promise<void>)[];
  close(): Promise<void>;
}

/** Chooses the store from the configuration: embedded SQLite by default. */
export async function openStore(config: Config, logger: Logger): Promise<Backends> {
  if (config.databaseUrl)
    throw new Error('DATABASE_URL is set but the PostgreSQL store is not available in this build.');
  if (config.redisUrl) throw new Error('REDIS_URL is set but Redis sessions are not available in this build.');
  const store = await createSqliteStore(config.dataDir);
  logger.debug({ dataDir: config.dataDir }, 'opened the embedded SQLite store');
  return { store, readinessChecks: [], close: () => store.close() };
}
