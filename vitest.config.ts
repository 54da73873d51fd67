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
          include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts'],
          globalSetup: ['./packages/testing/src/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
