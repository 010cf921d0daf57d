import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dropSchema } from './postgres-opener.js';

/** Says once, plainly, which suites this run skips for lack of a database or Redis to run them on. */
export default function setup() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log('PostgreSQL suites skipped: TEST_DATABASE_URL is not set (store and route tests run on SQLite only)');
  }
  if (!process.env.TEST_REDIS_URL) {
    console.log('Redis suites skipped: TEST_REDIS_URL is not set (Redis session and multi-replica tests do not run)');
  }
  // Names this run's test schemas (workers inherit it), so its end drops the ones kept for reuse and no other run's.
  const run = (process.env.TESSERA_TEST_RUN ??= randomBytes(4).toString('hex'));
  return async () => {
    if (!url) return;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client
      .query<{ name: string }>(`select nspname as name from pg_namespace where starts_with(nspname, $1)`, [
        `tessera_test_${run}_`,
      ])
      .finally(() => client.end());
    for (const { name } of rows) await dropSchema(url, name);
  };
}
