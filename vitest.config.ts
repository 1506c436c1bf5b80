import { defineConfig } from 'vitest/config';

/**
 * Unit and integration tests: beside the code, on real SQLite files and sockets.
 *
 * Server, shared and bench tests share loaded modules between files in a
 * worker (no isolation): each test starts its own server on its own database
 * and changes no module state, and importing the server afresh for every
 * file was half of the suite's time. Client tests mock modules and the
 * browser's globals per file, so each keeps its own.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'bench/**/*.test.ts'],
          isolate: false,
        },
      },
      { extends: true, test: { name: 'client', include: ['client/**/*.test.{ts,tsx}'] } },
    ],
  },
});
