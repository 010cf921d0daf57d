/** Says once, plainly, which suites this run skips for lack of a database or Redis to run them on. */
export default function setup() {
  if (!process.env.TEST_DATABASE_URL) {
    console.log('PostgreSQL suites skipped: TEST_DATABASE_URL is not set (store and route tests run on SQLite only)');
  }
  if (!process.env.TEST_REDIS_URL) {
    console.log('Redis suites skipped: TEST_REDIS_URL is not set (Redis session and multi-replica tests do not run)');
  }
}
