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
    globalSetup: ['server/src/test-support/global-setup.ts'],
    // The JSON summary lets .ci/run report how many unit and route tests ran.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
