import type session from 'express-session';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { SharedFailureCounter } from './security/token-failure-throttle.js';
import type { SignInCounters } from './session/sign-in-throttle.js';
import { SessionRevoker, type SessionDirectory, type SessionRevocation } from './sessions/revocation.js';
import { openDatabase } from './store/open.js';
import type { Store } from './store/store.js';

export interface Backends {
  store: Store;
  sessionStore?: session.Store;
  /** The sign-in throttle's counters when they are shared (Redis); in memory otherwise. */
  signInCounters?: SignInCounters;
  /** The token-failure budget's counters when they are shared (Redis); in memory otherwise. */
  tokenFailureCounter?: SharedFailureCounter;
  /** Ends a user's sessions in the database and, when configured, in Redis. */
  sessionRevocation: SessionRevocation & SessionDirectory;
  readinessChecks: (() => Promise<void>)[];
  close(): Promise<void>;
}

/**
 * Opens the database and, when REDIS_URL is set, the Redis session store and the shared sign-in and token-failure
 * counters, every key under TESSERA_REDIS_PREFIX.
 */
export async function openBackends(config: Config, logger: Logger): Promise<Backends> {
  const store = await openDatabase(config, logger);
  if (!config.redisUrl) {
    return {
      store,
      sessionRevocation: new SessionRevoker(store.sessions),
      readinessChecks: [],
      close: () => store.close(),
    };
  }
  // Loaded only when REDIS_URL is set: without it the redis client, connect-redis and rate-limit-redis (6 MB of heap
  // together) would be held for nothing.
  const [{ connectRedis, RedisSessionStore }, { RedisDeadline }, { redisCounters }, { redisTokenFailures }] =
    await Promise.all([
      import('./sessions/redis-session-store.js'),
      import('./sessions/redis-deadline.js'),
      import('./session/redis-sign-in-counters.js'),
      import('./security/redis-token-failures.js'),
    ]);
  const timeoutMs = config.redisTimeoutMs;
  let client;
  try {
    client = await connectRedis(config.redisUrl, (err) => logger.warn({ err: err.message }, 'Redis connection error'), {
      connectTimeoutMs: timeoutMs,
    });
  } catch (err) {
    await store.close();
    throw new Error(`Could not connect to Redis (REDIS_URL): ${(err as Error).message}`);
  }
  const redis = client;
  const deadline = new RedisDeadline(redis, timeoutMs, (ms) =>
    logger.warn({ timeoutMs: ms }, 'Redis did not answer in time: its connection is ended and made again'),
  );
  const prefix = config.redisPrefix;
  const sessionStore = new RedisSessionStore(redis, { deadline, prefix: `${prefix}sess:` });
  logger.info('browser sessions, the sign-in throttle and the token-failure budget are kept in Redis');
  return {
    store,
    sessionStore,
    signInCounters: redisCounters(redis, { timeoutMs, prefix: `${prefix}signin:` }),
    tokenFailureCounter: redisTokenFailures(redis, { prefix: `${prefix}tokenfail:` }),
    sessionRevocation: new SessionRevoker(store.sessions, sessionStore),
    readinessChecks: [
      async () => {
        await deadline.run(redis.ping());
      },
    ],
    close: async () => {
      await redis.close().catch(() => redis.destroy());
      await store.close();
    },
  };
}
