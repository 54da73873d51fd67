import { defineConfig } from 'vitest/config';

// One run, three projects: unit tests beside the code, integration tests against a real
// PostgreSQL (one per run, see packages/testing/src/global-setup.ts), browser end-to-end tests
// against the whole platform.
export default defineConfig({
  test: {
    reporters: ['default', './packages/testing/src/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: [
            'packages/*/src/**/*.test.ts',
            'services/*/src/**/*.test.ts',
            'frontends/*/src/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 0 },
          include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts'],
          exclude: ['**/*.sequential.test.ts', '**/node_modules/**'],
          globalSetup: ['./packages/testing/src/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Tests that fingerprint whole tables: one file at a time, on a database of their own,
        // after the parallel ones.
        test: {
          name: 'sequential',
          include: ['packages/*/test/**/*.sequential.test.ts', 'services/*/test/**/*.sequential.test.ts'],
          globalSetup: ['./packages/testing/src/global-setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The whole platform in a browser: after everything else, one file at a time.
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
