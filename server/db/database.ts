import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase } from 'kysely';
import { mkdirSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Config } from '../config';
import type { Database } from './schema';
import { lockWaitingDialect } from './sqlite-driver';

export type DatabaseKind = Config['database']['kind'];

/** What a durable write answers: its result once committed, and when it is on disk, if that comes later. */
export interface Durable<T> {
  result: T;
  onDisk?: Promise<void>;
}

/** Store.durably for a database whose commit is on disk as it returns. */
export function durableOnCommit(db: Kysely<Database>): Store['durably'] {
  return async (work) => ({ result: await work(db) });
}

export interface Store {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /**
   * Runs `work` (a write transaction) on a connection of its own and
   * resolves once it has committed, with its result and `onDisk`, which
   * resolves once what it committed is on disk. SQLite: it commits without
   * waiting for the disk, and the write-ahead log is then fsynced off the
   * event loop, so that every socket is not stalled meanwhile (the sync
   * path commits a hundred times a second), and the next commit need not
   * wait for it. PostgreSQL: its commit is durable already (no `onDisk`).
   */
  durably<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<Durable<T>>;
  close(): Promise<void>;
}

/**
 * Opens the database named by DATABASE_URL. Domain code only sees the Kysely
 * instance, so the same queries run on SQLite and PostgreSQL.
 */
export async function openDatabase(config: Config['database']): Promise<Store> {
  if (config.kind === 'sqlite') {
    if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
    const sqlite = new SQLite(config.path);
    // WAL lets readers run beside the one writer. With synchronous=NORMAL a
    // WAL commit can be lost on power failure; an update is acknowledged only
    // once committed, so FULL (https://sqlite.org/pragma.html#pragma_synchronous).
    // The update log's commits are as durable, and sync off the event loop (durably).
    const journal = sqlite.pragma('journal_mode = WAL', { simple: true });
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    // SQLite's own wait for a lock blocks the event loop (better-sqlite3 is
    // synchronous), so it is kept to a checkpoint's brief locks; a write that
    // finds the database locked by another process waits asynchronously,
    // reads and live relays going on meanwhile (sqlite-driver.ts).
    sqlite.pragma(`busy_timeout = ${blockingWaitMs}`);
    const lazySync = sqlite.prepare('PRAGMA synchronous = NORMAL');
    const fullSync = sqlite.prepare('PRAGMA synchronous = FULL');
    /** Whether durably() has relaxed synchronous for the transaction it runs. */
    let relaxed = false;
    const dialect = lockWaitingDialect(withStatementCache(sqlite), sqlite, {
      waitForLockMs: writeWaitMs,
      // Others use the connection while a durably() write waits for the lock: their commits stay FULL.
      onYield: {
        before: () => relaxed && fullSync.run(),
        after: () => relaxed && lazySync.run(),
      },
    });
    const db = new Kysely<Database>({ dialect });
    // Without a write-ahead log (an in-memory database, a file system that refuses WAL) commits stay FULL.
    const wal = journal === 'wal' ? writeAheadLog(`${config.path}-wal`) : null;
    return {
      db,
      kind: 'sqlite',
      durably: async (work) => {
        if (!wal) return durableOnCommit(db)(work);
        // synchronous = NORMAL for this transaction alone (it cannot change
        // inside one), while it holds the one connection, so nothing else
        // commits under it.
        const result = await db.connection().execute(async (connection) => {
          lazySync.run();
          relaxed = true;
          try {
            return await work(connection);
          } finally {
            relaxed = false;
            fullSync.run();
          }
        });
        return { result, onDisk: wal.sync() };
      },
      close: async () => {
        await db.destroy();
        await wal?.close();
      },
    };
  }
  const pg = await import('pg');
  const { Pool, types } = pg.default;
  // int8 (bigint) holds our millisecond timestamps and serial ids; they fit in
  // a double, so read them as numbers rather than strings.
  types.setTypeParser(20, (value: string) => Number(value));
  const pool = new Pool({ connectionString: config.url, max: 10 });
  // A connection PostgreSQL closes (a restart, a failover, pg_terminate_backend)
  // is reported as an 'error' event on its client, which must not become an
  // uncaught error (it would end the process). While the client is idle the
  // pool hears it (here) and discards the client. While it is checked out
  // nobody else listens, so every client gets a listener when it connects:
  // the failure still reaches the query, which rejects (a storing batch fails
  // loudly: room.ts), and the pool drops the client when it is released, so
  // the next query connects afresh.
  pool.on('connect', (client) => client.on('error', () => {}));
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', durably: durableOnCommit(db), close: () => db.destroy() };
}

/** How long SQLite itself may block the event loop waiting for a lock. */
const blockingWaitMs = 10;
/** How long a write waits for another process's lock in all before it fails (SQLITE_BUSY), without blocking. */
const writeWaitMs = 5000;

/** Distinct statements kept (queries with IN lists or multi-row inserts vary in text; the hot ones do not). */
const cachedStatements = 500;

/**
 * Kysely prepares each query afresh, and compiling a statement costs SQLite
 * more than running one of the sync path's small ones: a third of each group
 * commit's time when the sync path was profiled under load. Statements are kept by their SQL
 * text instead, the oldest dropped first. One still being iterated (a
 * streamed query) cannot run again meanwhile, so a new one is made for it.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement || statement.busy) {
        statement = sqlite.prepare(sql);
        if (statements.size >= cachedStatements) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * fdatasync of SQLite's write-ahead log, through the libuv thread pool. A
 * WAL commit is durable once its frames are on disk (with synchronous =
 * NORMAL, SQLite itself syncs the log only before checkpoints: see
 * https://sqlite.org/pragma.html#pragma_synchronous and
 * https://sqlite.org/wal.html). The log exists once a transaction has
 * committed, and keeps its inode while the database is open: SQLite resets
 * it in place and deletes it only when the last connection closes.
 */
function writeAheadLog(path: string): { sync(): Promise<void>; close(): Promise<void> } {
  // Shared by syncs under way at once (a commit may start while the last one's sync runs): one handle.
  let handle: Promise<FileHandle> | null = null;
  return {
    async sync() {
      handle ??= open(path, 'r');
      await (await handle).datasync();
    },
    async close() {
      // An opening that failed left nothing to close.
      const file = await handle?.catch(() => null);
      handle = null;
      await file?.close();
    },
  };
}
