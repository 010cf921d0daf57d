import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that run built servers as child processes (faults/, scale/) go first: they mostly wait on those children,
 * so the other files fill the cores meanwhile, and the longest of them (a SIGKILL test is 30-60 s) never starts last.
 * Within each group Vitest's own order: the cached durations, longest first, or (on a fresh clone) the largest file.
 */
class ServerProcessesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const spawns = (f: TestSpecification) => /\/server\/src\/(faults|scale)\//.test(f.moduleId);
    return [...sorted.filter(spawns), ...sorted.filter((f) => !spawns(f))];
  }
}

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
    // Three files at a time on two cores: most of a file's time is spent waiting on PostgreSQL, Redis or a child
    // server. One worker (Vitest's default here) kept .ci/run over its 15 minutes once issue 19's suites joined; two
    // took 265 s on a quiet machine, three 211 s (four 201 s, for more load on the timing-sensitive suites).
    maxWorkers: 3,
    // The JSON summary lets .ci/run report how many unit and route tests ran.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    sequence: { sequencer: ServerProcessesFirst },
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
