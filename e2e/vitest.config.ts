import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the built client (npm run e2e builds it first) served by a
 * real server on port 0 with its own SQLite file, driven in Debian's Chromium
 * through playwright-core. One file at a time: each starts a browser.
 * Files share the modules they import (the server above all) instead of
 * importing them afresh, as the server tests do: each file starts its own
 * server and browser, and the harness forgets a file's page problems as the
 * file ends.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    isolate: false,
  },
});
