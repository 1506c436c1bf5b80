import { defineConfig } from 'vitest/config';

/** Unit and integration tests: beside the code, on real SQLite files and sockets. */
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'client/**/*.test.{ts,tsx}', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
