import { defineConfig } from 'vitest/config';

/**
 * Four projects: unit tests beside the code; the integration suite twice, on
 * embedded PGlite and on PostgreSQL; and browser tests in headless Chromium.
 */
export default defineConfig({
  test: {
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
