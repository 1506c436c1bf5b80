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
const seed = () =>
  run(process.execPath, ['--import', 'tsx', 'server/seed.ts'], { env: { ...process.env, DATABASE_URL: databaseUrl } });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run seed', () => {
  it('fills a fresh database with the demo workspace, and leaves it alone the second time', async () => {
    const first = await seed();
    expect(first.stdout).toContain('password for all: commonplace-demo');

    const store = await openDatabase(parseConfig({ DATABASE_URL: databaseUrl }).database);
    try {
      const roles = await store.db.selectFrom('memberships').select('role').execute();
      expect(roles.map((r) => r.role).sort()).toEqual(['instructor', 'member', 'member', 'member', 'reviewer']);
      const doc = await store.db.selectFrom('documents').select('id').executeTakeFirstOrThrow();

      const ydoc = new Y.Doc();
      applyStored(ydoc, await new UpdateLog(store.db, createMetrics()).load(doc.id));
      expect(ydoc.getXmlFragment('default').toString()).toContain('Methods');

      const second = await seed();
      expect(second.stdout).toContain('already there');
      const users = await store.db.selectFrom('users').select('id').execute();
      expect(users).toHaveLength(5);
    } finally {
      await store.close();
    }
  });
});
