import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@tessera/rules': fileURLToPath(new URL('server/src/contract/rules.ts', import.meta.url)),
      '@tessera/return-path': fileURLToPath(new URL('server/src/contract/return-path.ts', import.meta.url)),
    },
  },
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two files at a time: most of a file's time is spent waiting on PostgreSQL, Redis or a child server, and one
    // worker (Vitest's default on two cores) kept .ci/run over its 15 minutes once issue 19's suites joined.
    maxWorkers: 2,
    // The JSON summary lets .ci/run report how many unit and route tests ran.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts'],
          pool: 'forks',
          isolate: false,
          globalSetup: ['server/src/test-support/global-setup.ts'],
        },
      },
      {
        extends: true,
        // The console's pure functions: no database, no app, nothing to set up.
        test: { name: 'web', include: ['web/src/**/*.test.ts'], pool: 'threads', isolate: false },
      },
    ],
  },
});
