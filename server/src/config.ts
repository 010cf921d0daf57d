import path from 'node:path';
import { z } from 'zod';
import { isLoopbackName } from './http/public-origin.js';

const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = z.coerce.number().int().positive();

export const features = ['oauth2-client-credentials', 'gooddata-api-tokens', 'keystone'] as const;
export type Feature = (typeof features)[number];

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  TESSERA_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  TESSERA_PG_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be lower-case letters, digits and underscores')
    .optional(),
  TESSERA_PG_POOL_MAX: positiveInt.max(1000).default(10),
  /** The longest a statement may run, and connecting or waiting for a pooled connection may take (ms). */
  TESSERA_PG_TIMEOUT_MS: positiveInt.min(100).max(600_000).default(5000),
  TESSERA_CREDENTIAL_CACHE_SIZE: z.coerce.number().int().min(0).max(10_000_000).default(50_000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  /** How long one Redis command (or connecting) may take before the request is answered 503 (ms). */
  TESSERA_REDIS_TIMEOUT_MS: positiveInt.min(50).max(60_000).default(2000),
  /** Put before every key Tessera writes to Redis (sessions, sign-in and token-failure counters, limits). */
  TESSERA_REDIS_PREFIX: z
    .string()
    .regex(/^[\x21-\x7e]{1,64}$/, 'must be 1 to 64 printable characters without spaces')
    .default('tessera:'),
  TESSERA_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  TESSERA_BOOTSTRAP_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  TESSERA_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TESSERA_MAX_TOKENS_PER_USER: positiveInt.max(1000).default(10),
  TESSERA_DEFAULT_TOKEN_LIFETIME_DAYS: positiveInt.max(36500).default(90),
  TESSERA_MAX_TOKEN_LIFETIME_DAYS: positiveInt.max(36500).optional(),
  /** Policy's first value: every token must expire (on by itself when a maximum lifetime is set). */
  TESSERA_REQUIRE_TOKEN_EXPIRY: boolish.optional(),
  /** Policy's first value: tokens unused this many days are revoked (the inactivity job); unset: never. */
  TESSERA_REVOKE_UNUSED_AFTER_DAYS: positiveInt.max(36500).optional(),
  TESSERA_DISABLED_FEATURES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(features))),
  TESSERA_SESSION_IDLE_MINUTES: positiveInt.default(30),
  TESSERA_SESSION_ABSOLUTE_HOURS: positiveInt.default(12),
  TESSERA_REAUTH_MINUTES: positiveInt.max(1440).default(15),
  TESSERA_TRUST_PROXY: z.string().optional(),
  TESSERA_PUBLIC_URL: z.url().optional(),
  TESSERA_ACCESS_LOG: z.enum(['all', 'errors', 'sampled']).default('sampled'),
  TESSERA_ACCESS_LOG_SAMPLE_RATE: z.coerce.number().min(0).max(1).default(0.01),
  TESSERA_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TESSERA_LAST_USED_FLUSH_MS: positiveInt.default(5000),
  TESSERA_DRAIN_GRACE_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
  TESSERA_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(3000).max(600_000).default(15_000),
  TESSERA_SIGN_IN_MAX_FAILURES: positiveInt.default(10),
  TESSERA_SIGN_IN_WINDOW_MINUTES: positiveInt.default(15),
  TESSERA_TOKEN_FAILURES_PER_MINUTE: positiveInt.default(50),
  /** Leak reports (POST /api/credentials/revoke) one client address may send per 15 minutes (issue 20, point 5). */
  TESSERA_LEAK_REPORTS_PER_15_MINUTES: positiveInt.default(60),
  TESSERA_DOMAIN_NAME: z.string().min(1).default('Default'),
  TESSERA_KEYSTONE_TOKEN_TTL: positiveInt.default(86400),
  TESSERA_SECURE_COOKIES: boolish.optional(),
  TESSERA_REQUIRE_MFA: z.enum(['none', 'admins', 'all']).default('none'),
  /** Background jobs (jobs/runner.ts): `off` runs none by itself (tests run them on demand). */
  TESSERA_JOBS: z.enum(['on', 'off']).default('on'),
  /** How often the expiry notices job looks for tokens near a threshold (issue 19); short in the e2e suite. */
  TESSERA_EXPIRY_NOTICE_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(900_000),
  /** Issue 19: how long a bulk or inactivity revocation can be undone before its tokens are deleted (0.5: 30 s). */
  TESSERA_REVOKE_UNDO_MINUTES: z.coerce.number().min(0.1).max(10_080).default(10),
  /** How often the `revocations.finalise` job deletes the tokens of undo windows that have closed. */
  TESSERA_REVOKE_FINALISE_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /** Issue 21, point 6: OpenID Connect sign-in (oidc/); on when the issuer, client id and secret are all set. */
  TESSERA_OIDC_ISSUER: z
    .url()
    .refine((u) => {
      const url = URL.parse(u); // null when z.url() has refused it already (zod runs every check)
      return !url || url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackName(url.hostname));
    }, 'must be an https:// URL (http:// only on a loopback address such as 127.0.0.1)')
    .optional(),
  TESSERA_OIDC_CLIENT_ID: z.string().min(1).max(255).optional(),
  TESSERA_OIDC_CLIENT_SECRET: z.string().min(1).max(1024).optional(),
  TESSERA_OIDC_NAME: z.string().trim().min(1).max(64).optional(),
  TESSERA_OIDC_USERNAME_CLAIM: z.string().min(1).max(128).optional(),
  TESSERA_OIDC_ROLE_CLAIM: z.string().min(1).max(128).optional(),
  TESSERA_OIDC_ADMIN_VALUES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  /** Sign-in attempts through the provider (starts, refused answers) one client address may make per minute. */
  TESSERA_OIDC_ATTEMPTS_PER_MINUTE: positiveInt.default(30),
  /** How long one call to the provider (discovery, token) may take before sign-in answers 503. */
  TESSERA_OIDC_TIMEOUT_MS: positiveInt.min(100).max(60_000).default(5000),
  /** GET /metrics on the main port, behind `Authorization: Bearer <this>` (docs/deploy.md "Metrics"). */
  TESSERA_METRICS_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
  /** A listener of its own serving only /metrics (behind the token too when it is set); 0: any free port. */
  TESSERA_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  TESSERA_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** `false`: no password form (the `admin` account may still sign in with a password, at /signin?local=1). */
  TESSERA_LOCAL_SIGN_IN: boolish.default(true),
});

type Env = z.output<typeof envSchema>;

/** The OpenID provider Tessera signs people in with, or undefined when OIDC sign-in is off. */
function oidcConfig(e: Env) {
  if (!e.TESSERA_OIDC_ISSUER || !e.TESSERA_OIDC_CLIENT_ID || !e.TESSERA_OIDC_CLIENT_SECRET) return undefined;
  const issuer = new URL(e.TESSERA_OIDC_ISSUER);
  return {
    issuer,
    clientId: e.TESSERA_OIDC_CLIENT_ID,
    clientSecret: e.TESSERA_OIDC_CLIENT_SECRET,
    /** The button says "Sign in with <name>". */
    name: e.TESSERA_OIDC_NAME ?? (issuer.hostname || 'your organisation'),
    /** The claim a new user's username comes from; unset: `preferred_username`, else `email`. */
    usernameClaim: e.TESSERA_OIDC_USERNAME_CLAIM,
    /** The claim whose values decide the role; unset: everyone signing in this way is a user. */
    roleClaim: e.TESSERA_OIDC_ROLE_CLAIM,
    adminValues: e.TESSERA_OIDC_ADMIN_VALUES,
    timeoutMs: e.TESSERA_OIDC_TIMEOUT_MS,
    /** Starts and refused answers per client address per minute before 429 (oidc/attempt-limit.ts). */
    attemptsPerMinute: e.TESSERA_OIDC_ATTEMPTS_PER_MINUTE,
  };
}

export type OidcConfig = NonNullable<ReturnType<typeof oidcConfig>>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parseTrustProxy(value: string | undefined): boolean | number | string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // an address list such as "loopback, 10.0.0.0/8"
}

/** An empty variable counts as unset, so `PORT=` in a shell file keeps the default. */
const withoutEmpty = (env: unknown) =>
  Object.fromEntries(Object.entries(env as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== ''));

/** The environment → Tessera's typed configuration, validated once. */
export const configSchema = z.preprocess(
  withoutEmpty,
  envSchema
    .refine(
      (e) =>
        e.TESSERA_MAX_TOKEN_LIFETIME_DAYS === undefined ||
        e.TESSERA_DEFAULT_TOKEN_LIFETIME_DAYS <= e.TESSERA_MAX_TOKEN_LIFETIME_DAYS,
      { path: ['TESSERA_DEFAULT_TOKEN_LIFETIME_DAYS'], message: 'must not exceed TESSERA_MAX_TOKEN_LIFETIME_DAYS' },
    )
    .refine((e) => e.TESSERA_MAX_TOKEN_LIFETIME_DAYS === undefined || e.TESSERA_REQUIRE_TOKEN_EXPIRY !== false, {
      path: ['TESSERA_REQUIRE_TOKEN_EXPIRY'],
      message:
        'must not be false while TESSERA_MAX_TOKEN_LIFETIME_DAYS is set (a maximum lifetime means every token expires)',
    })
    .refine(
      (e) =>
        (e.TESSERA_OIDC_ISSUER === undefined) === (e.TESSERA_OIDC_CLIENT_ID === undefined) &&
        (e.TESSERA_OIDC_ISSUER === undefined) === (e.TESSERA_OIDC_CLIENT_SECRET === undefined),
      {
        path: ['TESSERA_OIDC_ISSUER'],
        message:
          'TESSERA_OIDC_ISSUER, TESSERA_OIDC_CLIENT_ID and TESSERA_OIDC_CLIENT_SECRET are set together or not at all',
      },
    )
    .refine((e) => e.TESSERA_OIDC_ROLE_CLAIM === undefined || e.TESSERA_OIDC_ADMIN_VALUES.length > 0, {
      path: ['TESSERA_OIDC_ADMIN_VALUES'],
      message: 'must list the role claim values that make an administrator when TESSERA_OIDC_ROLE_CLAIM is set',
    })
    .refine(
      (e) => e.TESSERA_METRICS_PORT === undefined || e.TESSERA_METRICS_PORT === 0 || e.TESSERA_METRICS_PORT !== e.PORT,
      {
        path: ['TESSERA_METRICS_PORT'],
        message: 'must differ from PORT (unset it to serve /metrics on the main port, behind TESSERA_METRICS_TOKEN)',
      },
    )
    .refine((e) => e.TESSERA_SHUTDOWN_TIMEOUT_MS >= e.TESSERA_DRAIN_GRACE_MS + 2000, {
      path: ['TESSERA_SHUTDOWN_TIMEOUT_MS'],
      message: 'must leave at least 2000 ms after TESSERA_DRAIN_GRACE_MS for requests in flight and the last log lines',
    })
    .refine((e) => e.TESSERA_LOCAL_SIGN_IN || e.TESSERA_OIDC_ISSUER !== undefined, {
      path: ['TESSERA_LOCAL_SIGN_IN'],
      message: 'may be false only when OpenID Connect sign-in is configured (TESSERA_OIDC_ISSUER)',
    })
    .transform((e) => ({
      port: e.PORT,
      host: e.HOST,
      dataDir: path.resolve(e.TESSERA_DATA_DIR),
      databaseUrl: e.DATABASE_URL,
      /** PostgreSQL schema for Tessera's tables (created on start); the connection's search_path when unset. */
      pgSchema: e.TESSERA_PG_SCHEMA,
      /** Connections per replica; replicas × this must stay under PostgreSQL's max_connections. */
      pgPoolMax: e.TESSERA_PG_POOL_MAX,
      /** PostgreSQL's statement_timeout, and the bound on connecting and on waiting for a pooled connection. */
      pgTimeoutMs: e.TESSERA_PG_TIMEOUT_MS,
      /** Embedded store only: credentials kept in memory between lookups (0: none). */
      credentialCacheSize: e.TESSERA_CREDENTIAL_CACHE_SIZE,
      redisUrl: e.REDIS_URL,
      /** A Redis command or connection attempt that takes longer fails its request with 503. */
      redisTimeoutMs: e.TESSERA_REDIS_TIMEOUT_MS,
      /** Every Redis key starts with it: replicas of one deployment share it, two deployments on one Redis do not. */
      redisPrefix: e.TESSERA_REDIS_PREFIX,
      adminPassword: e.TESSERA_ADMIN_PASSWORD,
      bootstrapToken: e.TESSERA_BOOTSTRAP_TOKEN,
      sessionSecret: e.TESSERA_SESSION_SECRET,
      /** The policy's first values, until an administrator saves one (policy/service.ts keeps it in the database). */
      policy: {
        maxTokensPerUser: e.TESSERA_MAX_TOKENS_PER_USER,
        defaultTokenLifetimeDays: e.TESSERA_DEFAULT_TOKEN_LIFETIME_DAYS,
        maxTokenLifetimeDays: e.TESSERA_MAX_TOKEN_LIFETIME_DAYS,
        requireExpiry: e.TESSERA_REQUIRE_TOKEN_EXPIRY ?? e.TESSERA_MAX_TOKEN_LIFETIME_DAYS !== undefined,
        revokeUnusedAfterDays: e.TESSERA_REVOKE_UNUSED_AFTER_DAYS ?? null,
      },
      disabledFeatures: e.TESSERA_DISABLED_FEATURES,
      session: {
        idleMinutes: e.TESSERA_SESSION_IDLE_MINUTES,
        absoluteHours: e.TESSERA_SESSION_ABSOLUTE_HOURS,
        /** A session authenticated longer ago than this must re-authenticate before a sensitive action (step-up). */
        reauthMinutes: e.TESSERA_REAUTH_MINUTES,
        secureCookies: e.TESSERA_SECURE_COOKIES,
      },
      trustProxy: parseTrustProxy(e.TESSERA_TRUST_PROXY),
      publicUrl: e.TESSERA_PUBLIC_URL?.replace(/\/$/, ''),
      accessLog: { mode: e.TESSERA_ACCESS_LOG, sampleRate: e.TESSERA_ACCESS_LOG_SAMPLE_RATE },
      logLevel: e.TESSERA_LOG_LEVEL as string,
      lastUsedFlushMs: e.TESSERA_LAST_USED_FLUSH_MS,
      /** On SIGTERM: how long requests already sent over kept-alive connections have to arrive before those close. */
      drainGraceMs: e.TESSERA_DRAIN_GRACE_MS,
      /** On SIGTERM: the process is gone this long after the signal, whatever still runs (it then exits 1). */
      shutdownTimeoutMs: e.TESSERA_SHUTDOWN_TIMEOUT_MS,
      signIn: { maxFailures: e.TESSERA_SIGN_IN_MAX_FAILURES, windowMinutes: e.TESSERA_SIGN_IN_WINDOW_MINUTES },
      /** Failed token verifications from one IP per minute before its token requests get 429. */
      tokenFailuresPerMinute: e.TESSERA_TOKEN_FAILURES_PER_MINUTE,
      /** Public leak reports per client address per 15 minutes before 429. */
      leakReportsPer15Minutes: e.TESSERA_LEAK_REPORTS_PER_15_MINUTES,
      domainName: e.TESSERA_DOMAIN_NAME,
      keystoneTokenTtlSeconds: e.TESSERA_KEYSTONE_TOKEN_TTL,
      /** Who must have a second factor: until they enrol, their session may do nothing else (mfa/enrolment-gate.ts). */
      requireMfa: e.TESSERA_REQUIRE_MFA,
      /** Background jobs run on their timers (off in tests, which run them with `jobs.runNow`). */
      jobs: e.TESSERA_JOBS === 'on',
      expiryNoticeIntervalMs: e.TESSERA_EXPIRY_NOTICE_INTERVAL_MS,
      revokeUndoMinutes: e.TESSERA_REVOKE_UNDO_MINUTES,
      revokeFinaliseIntervalMs: e.TESSERA_REVOKE_FINALISE_INTERVAL_MS,
      oidc: oidcConfig(e),
      /** The password form on the sign-in page; off, only the bootstrap `admin` may still use a password. */
      localSignIn: e.TESSERA_LOCAL_SIGN_IN,
      /**
       * Where /metrics is served: on the main port only with a token; on a port of its own (loopback by default) when
       * one is set; nowhere otherwise (docs/deploy.md "Metrics").
       */
      metrics: { token: e.TESSERA_METRICS_TOKEN, port: e.TESSERA_METRICS_PORT, host: e.TESSERA_METRICS_HOST },
    })),
);

export type Config = z.output<typeof configSchema>;

/** Reads and validates the environment once; throws ConfigError naming every bad variable, never its value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** A config for tests: defaults plus overrides, no environment read. */
export function testConfig(overrides: Partial<Record<string, string>> = {}): Config {
  return loadConfig({ TESSERA_LOG_LEVEL: 'silent', TESSERA_JOBS: 'off', ...overrides });
}
