import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the built client (npm run e2e builds it first) served by a
 * real server on port 0 with its own SQLite file, driven in Debian's Chromium
 * through playwright-core. One file at a time: each starts a browser.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
