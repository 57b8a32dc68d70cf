import { defineConfig } from 'vitest/config';

/**
 * Three tiers, run together by `npm test` (as CI does):
 * - unit: pure code and files on disk, no servers; files run in parallel.
 * - pipeline: the real pipeline in-process (BullMQ queues and workers, ticket store, reply
 *   decision, finalize) against one Redis (PIPELINE_REDIS_URL, else 127.0.0.1:6379, else a private
 *   redis-server; a key prefix per file), with the mailbox and SMTP in memory (test/support/pipeline-harness.ts). Seconds.
 * - integration: the real service as a child process against private Dovecot,
 *   Redis and SMTP (test/support); files run one at a time, since each starts its
 *   own servers and a 2-core machine would otherwise time them out.
 * `npm run test:unit` runs the first tier alone, `npm run test:fast` the first two.
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
          name: 'pipeline',
          include: ['test/pipeline/**/*.test.ts'],
          globalSetup: ['test/pipeline/redis-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
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
