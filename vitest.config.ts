import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@tessera/rules': fileURLToPath(new URL('server/src/contract/rules.ts', import.meta.url)) } },
  test: {
    include: ['server/src/**/*.test.ts', 'web/src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two files at a time: most of a file's time is spent waiting on PostgreSQL, Redis or a child server, and one
    // worker (Vitest's default on two cores) kept .ci/run over its 15 minutes once issue 19's suites joined.
    maxWorkers: 2,
    globalSetup: ['server/src/test-support/global-setup.ts'],
    setupFiles: ['server/src/test-support/setup.ts'],
    // The JSON summary lets .ci/run report how many unit and route tests ran.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
