import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The dependency directions of eslint.config.js hold by folder: a file that
 * breaks one is reported wherever it sits in its folder, and the HTTP layer
 * may still import hono. Linted as text under a file name, so that no file
 * has to exist.
 */
const eslint = new ESLint({ cwd: join(import.meta.dirname, '..') });

/** The messages of the import rule for `code` linted as if it were at `filePath`. */
async function importProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = value;\n`, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('lint boundaries', () => {
  it('reports hono and the HTTP layer imported from domain code, in any file of server/', async () => {
    for (const filePath of ['server/features/groups/service.ts', 'server/features/activity/edit-measure.ts', 'server/live/anything.ts', 'server/db/anything.ts']) {
      expect(await importProblems(filePath, `import { value } from 'hono';`), filePath).toHaveLength(1);
    }
    expect(await importProblems('server/features/docs/presenter.ts', `import { value } from '../../http/route';`)).toHaveLength(1);
    expect(await importProblems('server/features/docs/service.ts', `import { value } from '../groups/routes';`)).toHaveLength(1);
    expect(await importProblems('server/sync/room.ts', `import { value } from '@hono/node-server';`)).toHaveLength(1);
  });

  it('lets the HTTP layer, the app and tests import hono', async () => {
    for (const filePath of ['server/features/groups/routes.ts', 'server/http/anything.ts', 'server/app.ts', 'server/features/groups/groups.test.ts']) {
      expect(await importProblems(filePath, `import { value } from 'hono';`), filePath).toEqual([]);
    }
  });

  it('reports shared/ importing either side, hono, React or node:*', async () => {
    for (const source of ['../server/x', '../../client/src/x', 'hono', 'react', 'node:fs']) {
      expect(await importProblems('shared/schemas/anything.ts', `import { value } from '${source}';`), source).toHaveLength(1);
    }
    expect(await importProblems('shared/anything.ts', `import { value } from 'zod';`)).toEqual([]);
  });

  it('reports the client importing server code', async () => {
    expect(await importProblems('client/src/doc/anything.ts', `import { value } from '../../../server/features/docs/service';`)).toHaveLength(1);
  });
});
