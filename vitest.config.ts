import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites each start private Dovecot/SMTP instances on their own ports;
    // running files one at a time keeps a 2-core machine from timing them out.
    fileParallelism: false,
    reporters: ['default'],
  },
});
