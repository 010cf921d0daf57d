import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp, type Tessera } from '../app.js';
import { testConfig, type Config } from '../config.js';
import { createLogger } from '../logger.js';
import { createSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/store.js';

export type BackendKind = 'sqlite' | 'postgres';

/** Every store and route test runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set. */
export const backends: BackendKind[] = ['sqlite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];

export interface TestStore {
  store: Store;
  dataDir: string;
  cleanup(): Promise<void>;
}

type PostgresOpener = (url: string) => Promise<{ store: Store; cleanup(): Promise<void> }>;
let postgresOpener: PostgresOpener | undefined;
/** The PostgreSQL store registers how to open a throw-away schema for a test. */
export function registerPostgresOpener(open: PostgresOpener) {
  postgresOpener = open;
}

export async function openTestStore(kind: BackendKind): Promise<TestStore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-test-'));
  if (kind === 'sqlite') {
    const store = await createSqliteStore(dataDir);
    return {
      store,
      dataDir,
      cleanup: async () => {
        await store.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!postgresOpener) {
    // Loaded lazily so SQLite-only machines need no PostgreSQL client at all.
    const mod = (await import('./postgres-opener.js')) as { openPostgresTestStore: PostgresOpener };
    postgresOpener = mod.openPostgresTestStore;
  }
  const pg = await postgresOpener(process.env.TEST_DATABASE_URL!);
  return {
    store: pg.store,
    dataDir,
    cleanup: async () => {
      await pg.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Captures every log line so tests can prove that no secret reaches the log. */
export class LogCapture extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void) {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    cb();
  }
  get text() {
    return this.lines.join('\n');
  }
}

export const ADMIN_PASSWORD = 'correct horse battery staple';
/** Browsers send this on same-origin requests; tests send it to pass the cross-site check. */
export const SAME_ORIGIN = { 'Sec-Fetch-Site': 'same-origin' } as const;

export interface TestApp {
  kind: BackendKind;
  tessera: Tessera;
  store: Store;
  config: Config;
  logs: LogCapture;
  dataDir: string;
  http: ReturnType<typeof request>;
  /** A cookie-keeping agent signed in as username/password (admin by default). */
  signIn(username?: string, password?: string): Promise<TestAgent>;
  /** Creates a user through the API as the admin; returns its id. */
  createUser(
    username: string,
    opts?: { role?: 'user' | 'admin'; password?: string; apiTokensEnabled?: boolean },
  ): Promise<string>;
  /** Creates a token through the API for userId (or `me`) with the given agent; returns the create response body. */
  createToken(
    agent: TestAgent,
    userId?: string,
    body?: Record<string, unknown>,
  ): Promise<{ id: string; token: string } & Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startTestApp(kind: BackendKind, env: Record<string, string> = {}): Promise<TestApp> {
  const ts = await openTestStore(kind);
  const config = testConfig({
    TESSERA_DATA_DIR: ts.dataDir,
    TESSERA_LOG_LEVEL: 'info',
    TESSERA_ACCESS_LOG: 'all',
    ...env,
  });
  const logs = new LogCapture();
  const logger = createLogger(config.logLevel, logs);
  const tessera = createApp({
    config,
    store: ts.store,
    logger,
    sessionSecret: 'test-session-secret-that-is-long-enough',
  });
  await tessera.services.users.ensureInitialAdmin(ADMIN_PASSWORD, () => 'unused');
  await tessera.services.policy.whenLoaded();
  const http = request(tessera.app);
  const admin = request.agent(tessera.app);
  let adminSignedIn = false;

  const t: TestApp = {
    kind,
    tessera,
    store: ts.store,
    config,
    logs,
    dataDir: ts.dataDir,
    http,
    async signIn(username = 'admin', password = ADMIN_PASSWORD) {
      const agent = request.agent(tessera.app);
      const res = await agent.post('/api/session').set(SAME_ORIGIN).send({ username, password });
      if (res.status !== 200)
        throw new Error(`sign-in as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return agent;
    },
    async createUser(username, opts = {}) {
      if (!adminSignedIn) {
        const res = await admin
          .post('/api/session')
          .set(SAME_ORIGIN)
          .send({ username: 'admin', password: ADMIN_PASSWORD });
        if (res.status !== 200) throw new Error(`admin sign-in failed: ${res.status}`);
        adminSignedIn = true;
      }
      const res = await admin
        .post('/api/users')
        .set(SAME_ORIGIN)
        .send({
          username,
          password: opts.password ?? `${username}-password-123`,
          role: opts.role ?? 'user',
          apiTokensEnabled: opts.apiTokensEnabled ?? true,
        });
      if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { id: string }).id;
    },
    async createToken(agent, userId = 'me', body = { description: 'test token' }) {
      const res = await agent.post(`/api/users/${userId}/auth-tokens`).set(SAME_ORIGIN).send(body);
      if (res.status !== 201) throw new Error(`create token failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; token: string };
    },
    async close() {
      await tessera.shutdown();
      await ts.cleanup();
    },
  };
  return t;
}
