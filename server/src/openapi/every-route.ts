import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createSqliteStore } from '../store/sqlite.js';
import type { RouteRegistry } from './registry.js';

/**
 * Every route the server can serve: an app built in-process with no feature disabled, OpenID Connect sign-in on and no
 * bootstrap token, as the
 * OpenAPI document every client may meet is built (api-types-cli.ts), and as tests walk the routes (scopes/).
 */
export async function everyRoute(): Promise<RouteRegistry> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-routes-'));
  const store = await createSqliteStore(dataDir);
  try {
    const config = loadConfig({
      TESSERA_DATA_DIR: dataDir,
      TESSERA_LOG_LEVEL: 'silent',
      // OpenID Connect sign-in's routes too; the provider is never contacted (discovery waits for the first sign-in).
      TESSERA_OIDC_ISSUER: 'https://sso.example.com',
      TESSERA_OIDC_CLIENT_ID: 'tessera',
      TESSERA_OIDC_CLIENT_SECRET: 'never-used',
    });
    const logger = createLogger('silent');
    const tessera = createApp({ config, store, logger, sessionSecret: 'every-route-listing-session-secret' });
    await tessera.shutdown();
    return tessera.routes;
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
