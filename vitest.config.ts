import { defineConfig } from 'vitest/config';

/**
 * Unit and integration tests: beside the code, on real SQLite files and sockets.
 *
 * Server, shared and bench tests share loaded modules between files in a
 * worker (no isolation): each test starts its own server on its own database
 * and changes no module state, and importing the server afresh for every
 * file was half of the suite's time. Client tests mock modules and the
 * browser's globals per file, so each keeps its own.
 *
 * Two files at a time even on two cores (Vitest would take one, cores less
 * one): a server test spends most of its time waiting on sockets, child
 * processes and the disk. Every test has its own server, database and port,
 * so files never share state. The PostgreSQL run (package.json, test:pg)
 * shares one database server and one Redis: its second pass holds the
 * tests that stop Redis or kill instances (scale-out, chaos), and runs its
 * files one at a time (`--no-file-parallelism`; the projects' own
 * `maxWorkers` outweighs the command line's), so that a Redis stopped for
 * one test never lands in the middle of another.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    maxWorkers: 2,
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
