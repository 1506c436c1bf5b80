// @ts-check
import tseslint from 'typescript-eslint';

/**
 * Lint keeps the dependency directions of the architecture:
 *   shared/  imports neither server/ nor client/ (both sides import it);
 *   client/  never imports server/;
 *   server/sync and the domain services never import HTTP code (hono, server/http).
 */
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

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
    rules: restrict(['**/server/**', '**/client/**', 'hono', 'hono/*', 'react', 'node:*'], 'shared/ is imported by both sides and imports neither.'),
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', 'hono', 'hono/*', 'kysely', 'better-sqlite3'],
              message: 'The client talks to the server over HTTP and the socket only.',
            },
            {
              regex: '/shared/schemas(/index)?$',
              message: 'Import the schema file itself: the index pulls Yjs into every page bundle.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/sync/**/*.ts', 'server/features/**/service.ts', 'server/features/**/store.ts', 'server/features/**/accounts.ts', 'server/features/**/sessions.ts', 'server/features/**/access.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(['hono', 'hono/*', '@hono/*', '**/http/**', '**/routes'], 'Domain and sync code must not depend on the HTTP layer.'),
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'server/testing/**', 'e2e/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
