import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config';
import type { Database } from './schema';

export type DatabaseKind = Config['database']['kind'];

export interface Store {
  db: Kysely<Database>;
  kind: DatabaseKind;
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
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, kind: 'sqlite', close: () => db.destroy() };
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
  return { db, kind: 'postgres', close: () => db.destroy() };
}
