import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Store } from './database';

/**
 * Store.durably on SQLite: the update log's transaction commits
 * with synchronous = NORMAL and syncs the write-ahead log itself; every
 * other commit must stay FULL, whatever happens to the update log's.
 */
describe('Store.durably (SQLite)', () => {
  let dir: string;
  let store: Store;

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const synchronous = async () => (await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(store.db)).rows[0]!.synchronous;
  const insert = async (value: number) => {
    const { onDisk } = await store.durably((db) => db.transaction().execute((trx) => sql`insert into t values (${value})`.execute(trx)));
    // On SQLite in WAL mode the log is synced after the commit.
    expect(onDisk).toBeInstanceOf(Promise);
    await onDisk;
  };

  it('commits its transaction for every reader, and leaves the connection FULL, also when the work fails', async () => {
    dir = mkdtempSync(join(tmpdir(), 'durably-'));
    const path = join(dir, 'store.db');
    store = await openDatabase({ kind: 'sqlite', path });
    await sql`create table t (x integer)`.execute(store.db);
    const full = await synchronous();
    expect(full).toBe(2);

    await insert(1);
    await insert(2);
    expect(await synchronous()).toBe(full);
    await expect(store.durably(() => Promise.reject(new Error('the work failed')))).rejects.toThrow('the work failed');
    expect(await synchronous()).toBe(full);

    const reader = new SQLite(path, { readonly: true });
    expect(reader.prepare('select count(*) as n from t').get()).toEqual({ n: 2 });
    reader.close();
  });
});
