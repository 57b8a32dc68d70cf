import { defineConfig } from 'vitest/config';

/**
 * Two tiers, run together by `npm test` (as CI does):
 * - unit: pure code and files on disk, no servers; files run in parallel.
 * - integration: the real service as a child process against private Dovecot,
 *   Redis and SMTP (test/support); files run one at a time, since each starts its
 *   own servers and a 2-core machine would otherwise time them out.
 * `npm run test:unit` runs the fast tier alone.
 */
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/build-service.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
