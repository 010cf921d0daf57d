import { ConfigError, loadConfig } from '../config.js';
import { createPostgresStore } from './postgres.js';
import { createSqliteStore } from './sqlite.js';

/** `npm run migrate -w server`: applies pending migrations the way start-up does (PostgreSQL: under the advisory lock). */
async function main() {
  const config = loadConfig();
  const store = config.databaseUrl
    ? await createPostgresStore(config.databaseUrl, {
        ...(config.pgSchema ? { schema: config.pgSchema } : {}),
        poolMax: 1,
      })
    : await createSqliteStore(config.dataDir);
  await store.close();
  process.stdout.write(`Migrations applied (${store.dialect}).\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? '' : 'Migration failed: '}${(err as Error).message}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
