import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

/** Loads a config and returns the ConfigError it throws, failing the test when it does not throw one. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

const oidc = {
  TESSERA_OIDC_ISSUER: 'https://sso.example.com',
  TESSERA_OIDC_CLIENT_ID: 'tessera',
  TESSERA_OIDC_CLIENT_SECRET: 'oidc-secret-w',
};

describe('configuration', () => {
  it('has the documented defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.redisPrefix).toBe('tessera:');
    expect(c.adminPassword).toBeUndefined();
    expect(c.bootstrapToken).toBeUndefined();
    expect(c.sessionSecret).toBeUndefined();
    expect(c.policy).toEqual({
      maxTokensPerUser: 10,
      defaultTokenLifetimeDays: 90,
      maxTokenLifetimeDays: undefined,
      requireExpiry: false,
      revokeUnusedAfterDays: null,
    });
    expect(c.disabledFeatures).toEqual([]);
    expect(c.session).toMatchObject({ idleMinutes: 30, absoluteHours: 12 });
  });

  it('treats an empty variable as unset, so `PORT=` in a shell file keeps the default', () => {
    expect(loadConfig({ PORT: '', TESSERA_MAX_TOKENS_PER_USER: '' }).port).toBe(3000);
  });

  it('reads every documented variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      TESSERA_DATA_DIR: '/tmp/tessera-config-test',
      DATABASE_URL: 'postgres://tessera@db/tessera',
      REDIS_URL: 'redis://cache:6379',
      TESSERA_REDIS_PREFIX: 'acme-tessera:',
      TESSERA_ADMIN_PASSWORD: 'a-long-admin-password',
      TESSERA_BOOTSTRAP_TOKEN: 'b'.repeat(32),
      TESSERA_SESSION_SECRET: 's'.repeat(32),
      TESSERA_MAX_TOKENS_PER_USER: '2',
      TESSERA_DEFAULT_TOKEN_LIFETIME_DAYS: '30',
      TESSERA_MAX_TOKEN_LIFETIME_DAYS: '60',
      TESSERA_DISABLED_FEATURES: ' oauth2-client-credentials , keystone ',
    });
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/tmp/tessera-config-test',
      databaseUrl: 'postgres://tessera@db/tessera',
      redisUrl: 'redis://cache:6379',
      redisPrefix: 'acme-tessera:',
      adminPassword: 'a-long-admin-password',
      bootstrapToken: 'b'.repeat(32),
      sessionSecret: 's'.repeat(32),
      policy: {
        maxTokensPerUser: 2,
        defaultTokenLifetimeDays: 30,
        maxTokenLifetimeDays: 60,
        requireExpiry: true,
        revokeUnusedAfterDays: null,
      },
      disabledFeatures: ['oauth2-client-credentials', 'keystone'],
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '3.5'],
    ['TESSERA_MAX_TOKENS_PER_USER', '0'],
    ['TESSERA_MAX_TOKENS_PER_USER', '-1'],
    ['TESSERA_MAX_TOKENS_PER_USER', 'ten'],
    ['TESSERA_DEFAULT_TOKEN_LIFETIME_DAYS', '0'],
    ['TESSERA_MAX_TOKEN_LIFETIME_DAYS', 'never'],
    ['DATABASE_URL', 'mysql://tessera@db/tessera'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'http://cache:6379'],
    ['TESSERA_REDIS_PREFIX', 'has a space:'],
    ['TESSERA_REDIS_PREFIX', 'x'.repeat(65)],
    ['TESSERA_BOOTSTRAP_TOKEN', 'too-short'],
    ['TESSERA_SESSION_SECRET', 'too-short'],
    ['TESSERA_ADMIN_PASSWORD', 'short'],
    ['TESSERA_DISABLED_FEATURES', 'oauth2-client-credentials,teleportation'],
    ['TESSERA_SESSION_IDLE_MINUTES', '0'],
    ['TESSERA_ACCESS_LOG', 'verbose'],
    ['TESSERA_REQUIRE_TOKEN_EXPIRY', 'maybe'],
    ['TESSERA_REVOKE_UNUSED_AFTER_DAYS', '0'],
    ['TESSERA_REVOKE_UNDO_MINUTES', '0'],
    ['TESSERA_REVOKE_UNDO_MINUTES', '0.05'],
    ['TESSERA_REVOKE_UNDO_MINUTES', 'ten'],
    ['TESSERA_REVOKE_FINALISE_INTERVAL_MS', '999'],
    ['TESSERA_REVOKE_FINALISE_INTERVAL_MS', '1500.5'],
  ])('refuses %s=%s with a ConfigError naming the variable', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.message).toMatch(/^Invalid configuration:/);
    expect(err.message).toContain(name);
  });

  it('leaves the shutdown timeout room after the drain grace: 15 s by default, at least the grace plus 2 s', () => {
    expect(loadConfig({})).toMatchObject({ drainGraceMs: 1000, shutdownTimeoutMs: 15_000 });
    expect(loadConfig({ TESSERA_SHUTDOWN_TIMEOUT_MS: '30000' }).shutdownTimeoutMs).toBe(30_000);
    expect(configError({ TESSERA_DRAIN_GRACE_MS: '5000', TESSERA_SHUTDOWN_TIMEOUT_MS: '6000' }).message).toContain(
      'TESSERA_SHUTDOWN_TIMEOUT_MS',
    );
    expect(configError({ TESSERA_SHUTDOWN_TIMEOUT_MS: '1000' }).message).toContain('TESSERA_SHUTDOWN_TIMEOUT_MS');
  });

  it('reads the undo window in minutes, fractions too, and how often closed windows are finalised', () => {
    expect(loadConfig({})).toMatchObject({ revokeUndoMinutes: 10, revokeFinaliseIntervalMs: 30_000 });
    expect(
      loadConfig({ TESSERA_REVOKE_UNDO_MINUTES: '0.25', TESSERA_REVOKE_FINALISE_INTERVAL_MS: '1000' }),
    ).toMatchObject({ revokeUndoMinutes: 0.25, revokeFinaliseIntervalMs: 1000 });
  });

  it('names every bad variable at once, not only the first', () => {
    const err = configError({ PORT: 'abc', TESSERA_MAX_TOKENS_PER_USER: '0' });
    expect(err.message).toContain('PORT');
    expect(err.message).toContain('TESSERA_MAX_TOKENS_PER_USER');
  });

  it('refuses a default lifetime longer than the maximum lifetime', () => {
    const err = configError({ TESSERA_MAX_TOKEN_LIFETIME_DAYS: '30' });
    expect(err.message).toContain('TESSERA_DEFAULT_TOKEN_LIFETIME_DAYS');
    expect(err.message).toContain('TESSERA_MAX_TOKEN_LIFETIME_DAYS');
    expect(
      loadConfig({ TESSERA_MAX_TOKEN_LIFETIME_DAYS: '30', TESSERA_DEFAULT_TOKEN_LIFETIME_DAYS: '30' }).policy,
    ).toMatchObject({ defaultTokenLifetimeDays: 30, maxTokenLifetimeDays: 30 });
  });

  it('reads the policy’s new first values, and refuses "no expiry required" beside a maximum lifetime', () => {
    expect(
      loadConfig({ TESSERA_REQUIRE_TOKEN_EXPIRY: 'true', TESSERA_REVOKE_UNUSED_AFTER_DAYS: '90' }).policy,
    ).toMatchObject({ requireExpiry: true, revokeUnusedAfterDays: 90, maxTokenLifetimeDays: undefined });
    const err = configError({
      TESSERA_MAX_TOKEN_LIFETIME_DAYS: '365',
      TESSERA_REQUIRE_TOKEN_EXPIRY: 'false',
    });
    expect(err.message).toContain('TESSERA_REQUIRE_TOKEN_EXPIRY');
  });

  it('reads OpenID Connect sign-in: off by default, on with issuer, client id and secret together', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
    expect(loadConfig({}).localSignIn).toBe(true);
    const c = loadConfig({
      TESSERA_OIDC_ISSUER: 'https://sso.example.com/realms/staff',
      TESSERA_OIDC_CLIENT_ID: 'tessera',
      TESSERA_OIDC_CLIENT_SECRET: 'oidc-secret-w',
      TESSERA_OIDC_ROLE_CLAIM: 'groups',
      TESSERA_OIDC_ADMIN_VALUES: 'tessera-admins, root ,',
      TESSERA_LOCAL_SIGN_IN: 'false',
    });
    expect(c.oidc).toMatchObject({
      clientId: 'tessera',
      name: 'sso.example.com',
      roleClaim: 'groups',
      adminValues: ['tessera-admins', 'root'],
      usernameClaim: undefined,
      timeoutMs: 5000,
      attemptsPerMinute: 30,
    });
    expect(c.oidc?.issuer.href).toBe('https://sso.example.com/realms/staff');
    expect(c.localSignIn).toBe(false);
    expect(loadConfig({ ...oidc, TESSERA_OIDC_ISSUER: 'http://127.0.0.1:8080' }).oidc?.issuer.port).toBe('8080');
  });

  it('refuses an OpenID Connect configuration that cannot work, naming the variable', () => {
    for (const [env, variable] of [
      [{ ...oidc, TESSERA_OIDC_ISSUER: 'http://sso.example.com' }, 'TESSERA_OIDC_ISSUER'],
      [{ ...oidc, TESSERA_OIDC_ISSUER: 'not a url' }, 'TESSERA_OIDC_ISSUER'],
      [{ TESSERA_OIDC_ISSUER: oidc.TESSERA_OIDC_ISSUER }, 'TESSERA_OIDC_ISSUER'],
      [{ ...oidc, TESSERA_OIDC_CLIENT_SECRET: '', TESSERA_OIDC_CLIENT_ID: 'x' }, 'TESSERA_OIDC_ISSUER'],
      [{ ...oidc, TESSERA_OIDC_ROLE_CLAIM: 'groups' }, 'TESSERA_OIDC_ADMIN_VALUES'],
      [{ TESSERA_LOCAL_SIGN_IN: 'false' }, 'TESSERA_LOCAL_SIGN_IN'],
    ] as const) {
      const err = configError(env);
      expect(err.message, JSON.stringify(env)).toContain(variable);
      expect(err.message).not.toContain('oidc-secret-w');
    }
  });

  it('never repeats a secret value in its message', () => {
    const secrets = {
      TESSERA_BOOTSTRAP_TOKEN: 'bootstrap-secret-x',
      TESSERA_SESSION_SECRET: 'session-secret-y',
      TESSERA_ADMIN_PASSWORD: 'pw-z',
      DATABASE_URL: 'mysql://tessera:db-password-q@db/tessera',
    };
    const err = configError(secrets);
    for (const value of Object.values(secrets)) expect(err.message).not.toContain(value);
    expect(err.message).not.toContain('db-password-q');
  });

  it('makes the server exit non-zero with the message on standard error before opening anything', () => {
    const main = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');
    const r = spawnSync(process.execPath, ['--import', 'tsx', main], {
      env: { PATH: process.env.PATH, PORT: 'abc', TESSERA_DATA_DIR: '/nonexistent/tessera-must-not-be-created' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('PORT');
    expect(r.stdout).not.toMatch(/admin password/i);
  });
});
