import { defineConfig } from 'vitest/config';

// Tests use real sockets, real child processes and real TLS; forks keep native
// modules (better-sqlite3, keytar) and process-wide state isolated per file.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    pool: 'forks',
    globals: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
