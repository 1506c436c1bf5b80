import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseConfig } from './config';
import { openDatabase } from './db/database';
import { createMetrics } from './metrics';
import { UpdateLog, applyStored } from './sync/update-log';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'commonplace-seed-'));
const databaseUrl = `sqlite:${join(dir, 'seed.db')}`;
/** Runs the seed with the environment `npm start` would have, plus `env`. */
const seed = (env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', 'server/seed.ts'], {
    env: { ...withoutAddress(process.env), DATABASE_URL: databaseUrl, ...env },
  });

/** The test's own PORT or APP_ORIGIN must not decide what the seed prints. */
function withoutAddress(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { PORT: _port, APP_ORIGIN: _origin, HOST: _host, ...rest } = env;
  return rest;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run seed', () => {
  it('fills a fresh database with the demo workspace, and leaves it alone the second time', async () => {
    // The address it prints follows PORT: the app is not always on 3000.
    const first = await seed({ PORT: '4817' });
    expect(first.stdout).toContain('password for all: commonplace-demo');

    const store = await openDatabase(parseConfig({ DATABASE_URL: databaseUrl }).database);
    try {
      const roles = await store.db.selectFrom('memberships').select('role').execute();
      expect(roles.map((r) => r.role).sort()).toEqual(['instructor', 'member', 'member', 'member', 'reviewer']);
      const doc = await store.db.selectFrom('documents').select('id').executeTakeFirstOrThrow();

      const ydoc = new Y.Doc();
      applyStored(ydoc, await new UpdateLog(store.db, createMetrics()).load(doc.id));
      expect(ydoc.getXmlFragment('default').toString()).toContain('Methods');
      expect(first.stdout).toContain(`Open http://localhost:4817/docs/${doc.id} after`);
      expect(first.stdout).not.toContain('3000');

      // With a public origin, that is where people open it.
      const second = await seed({ PORT: '4817', APP_ORIGIN: 'https://write.example.edu' });
      expect(second.stdout).toContain('already there');
      expect(second.stdout).toContain('Open https://write.example.edu and sign in');
      const users = await store.db.selectFrom('users').select('id').execute();
      expect(users).toHaveLength(5);
    } finally {
      await store.close();
    }
  });
});
