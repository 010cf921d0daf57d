import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp, type Tessera } from '../app.js';
import { testConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createPostgresStore } from '../store/postgres.js';
import type { Store } from '../store/store.js';
import { ADMIN_PASSWORD, LogCapture, SAME_ORIGIN } from './harness.js';
import { openPostgresTestStore } from './postgres-opener.js';

export interface Replicas {
  /** Two app instances, each with its own pool, over one PostgreSQL schema (set once the suite's beforeAll ran). */
  a: Tessera;
  b: Tessera;
  /** A's store and B's, and their schema. */
  first: Store;
  second: Store;
  schema: string;
  /** Another replica on `store`, shut down with the others. */
  app(store: Store): Tessera;
  /** An agent signed in as the initial administrator on `replica`. */
  signIn(replica: Tessera): Promise<ReturnType<typeof request.agent>>;
}

/**
 * Two replicas behind a load balancer, as the multi-replica tests use them: two app instances with a pool each over
 * one throw-away PostgreSQL schema, the initial administrator made. Registers the suite's beforeAll and afterAll.
 */
export function postgresReplicas(url: string): Replicas {
  let shared: Awaited<ReturnType<typeof openPostgresTestStore>> | undefined;
  const apps: { tessera: Tessera; dataDir: string }[] = [];
  const replicas: Replicas = {
    a: undefined as unknown as Tessera,
    b: undefined as unknown as Tessera,
    first: undefined as unknown as Store,
    second: undefined as unknown as Store,
    schema: '',
    app(store) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-replica-'));
      const tessera = createApp({
        config: testConfig({ TESSERA_DATA_DIR: dataDir }),
        store,
        logger: createLogger('silent', new LogCapture()),
        sessionSecret: 'test-session-secret-that-is-long-enough',
      });
      apps.push({ tessera, dataDir });
      return tessera;
    },
    async signIn(replica) {
      const agent = request.agent(replica.app);
      const res = await agent
        .post('/api/session')
        .set(SAME_ORIGIN)
        .send({ username: 'admin', password: ADMIN_PASSWORD });
      expect(res.status).toBe(200);
      return agent;
    },
  };
  beforeAll(async () => {
    shared = await openPostgresTestStore(url);
    replicas.schema = shared.schema;
    replicas.first = shared.store;
    replicas.second = await createPostgresStore(url, { schema: shared.schema, poolMax: 4 });
    replicas.a = replicas.app(shared.store);
    replicas.b = replicas.app(replicas.second);
    await replicas.a.services.users.ensureInitialAdmin(ADMIN_PASSWORD, () => 'unused');
  });
  afterAll(async () => {
    for (const { tessera, dataDir } of apps) {
      await tessera.shutdown();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    await replicas.second?.close();
    await shared?.cleanup();
  });
  return replicas;
}
