import os from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Four projects: unit tests beside the code; the integration suite twice, on
 * embedded PGlite and on PostgreSQL; and browser tests in headless Chromium.
 *
 * Two files at a time even on two cores (the default would be one): most files wait on
 * a PostgreSQL server, a child process or the browser, so a second file fills that
 * time. On this project's 2-core machines the suite took 918 s one file at a time
 * and 592 s two at a time.
 */
export default defineConfig({
  test: {
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'test/lint/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'pglite', include: ['test/integration/**/*.test.ts'], env: { REOS_TEST_DB: 'pglite' } },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/integration/**/*.test.ts'],
          env: { REOS_TEST_DB: 'postgres' },
          globalSetup: ['test/support/postgres-global-setup.ts'],
        },
      },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 120_000, fileParallelism: false } },
    ],
  },
});
