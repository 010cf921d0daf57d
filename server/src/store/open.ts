import type session from 'express-session';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { connectRedis, RedisSessionStore } from '../http/redis-session.js';
import type { KyselyStore } from './kysely-store.js';
import { createPostgresStore } from './postgres.js';
import { createSqliteStore } from './sqlite.js';
import type { Store } from './store.js';

export interface Backends {
  store: Store;
  sessionStore?: session.Store;
  readinessChecks: (() => Promise<void>)[];
  close(): Promise<void>;
}

/** PostgreSQL when DATABASE_URL is set, else the embedded SQLite store. URLs are never logged: they may hold passwords. */
async function openDatabase(config: Config, logger: Logger): Promise<KyselyStore> {
  if (!config.databaseUrl) {
    const store = await createSqliteStore(config.dataDir, undefined, {
      credentialCacheSize: config.credentialCacheSize,
    });
    logger.debug({ dataDir: config.dataDir }, 'opened the embedded SQLite store');
    return store;
  }
  const store = await createPostgresStore(config.databaseUrl, {
    ...(config.pgSchema ? { schema: config.pgSchema } : {}),
    poolMax: config.pgPoolMax,
    onPoolError: (err) =>
      logger.warn({ err: err.message }, 'an idle PostgreSQL connection failed; it will be replaced'),
  });
  logger.info({ schema: config.pgSchema ?? null, poolMax: config.pgPoolMax }, 'opened the PostgreSQL store');
  return store;
}

/** Chooses the store and the session store from the configuration. */
export async function openStore(config: Config, logger: Logger): Promise<Backends> {
  const store = await openDatabase(config, logger);
  if (!config.redisUrl) return { store, readinessChecks: [], close: () => store.close() };

  let redis;
  try {
    redis = await connectRedis(config.redisUrl, (err) => logger.warn({ err: err.message }, 'Redis connection error'));
  } catch (err) {
    await store.close();
    throw new Error(`Could not connect to Redis (REDIS_URL): ${(err as Error).message}`);
  }
  const client = redis;
  const sessionStore = new RedisSessionStore(client);
  // Sessions no longer live in the database, so ending a user's sessions must reach Redis too.
  const destroyInDatabase = store.destroySessionsOfUser.bind(store);
  store.destroySessionsOfUser = async (userId: string) => {
    await destroyInDatabase(userId);
    await sessionStore.destroySessionsOfUser(userId);
  };
  logger.info('browser sessions are kept in Redis');
  return {
    store,
    sessionStore,
    readinessChecks: [
      async () => {
        await client.ping();
      },
    ],
    close: async () => {
      await client.close().catch(() => client.destroy());
      await store.close();
    },
  };
}
