// @ts-check
import tseslint from 'typescript-eslint';

/**
 * Lint keeps the dependency directions of the architecture, by folder:
 *   shared/  imports neither server/ nor client/ (both sides import it), nor
 *            hono, React or node:* (it runs in the browser and on the server);
 *   client/  never imports server/: it talks to the server over HTTP and the socket;
 *   server/  is domain code (features, sync, live, db, ...) that never imports the
 *            HTTP layer (hono, server/http, a feature's routes.ts or *-routes.ts), except
 *            the HTTP layer itself and what assembles it: server/http/**, each feature's
 *            routes.ts and *-routes.ts, app.ts, server.ts, and the programs that start the whole
 *            server (main.ts, seed.ts); tests and test fixtures may reach anything.
 * eslint-boundaries.test.ts proves these rules report what they should.
 */
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

/** Tests and the fixtures they share (server/testing/, test-*.ts beside a feature) may import any layer. */
const testCode = ['**/*.test.ts', '**/*.test.tsx', 'server/testing/**', 'server/**/test-*.ts'];

/** The HTTP layer and what assembles or starts it: the only server code that may import hono or server/http. */
const httpLayer = ['server/http/**', 'server/features/**/routes.ts', 'server/features/**/*-routes.ts', 'server/app.ts', 'server/server.ts', 'server/main.ts', 'server/seed.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'bench/results/**', 'e2e/screenshots/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      ['**/server', '**/client', 'hono', 'hono/*', '@hono/*', 'react', 'react/*', 'react-dom', 'react-dom/*', 'node:*'],
      'shared/ is imported by both sides and imports neither, nor hono, React or node:*.',
    ),
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server', 'hono', 'hono/*', '@hono/*', 'kysely', 'better-sqlite3'],
              message: 'The client talks to the server over HTTP and the socket only.',
            },
            {
              regex: '/shared/schemas(/index)?$',
              message: 'Import the schema file itself: the index pulls Yjs into every page bundle.',
            },
            {
              regex: '/shared/api/routes$',
              allowTypeImports: true,
              message: 'Import the feature table the page needs (shared/api/auth.ts...): the whole table pulls Yjs into every page bundle.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    ignores: [...httpLayer, ...testCode],
    rules: restrict(
      ['hono', 'hono/*', '@hono/*', '**/http/**', '**/routes', '**/routes.ts', '**/*-routes', '**/*-routes.ts', '**/app', '**/app.ts'],
      'Domain code must not depend on the HTTP layer: routes call the domain, never the other way round.',
    ),
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'server/testing/**', 'e2e/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
