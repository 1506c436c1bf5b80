import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  type SqliteDatabase,
  type TransactionSettings,
} from 'kysely';

/**
 * SQLite through better-sqlite3, whose calls are synchronous: while SQLite
 * waits for a lock (busy_timeout), the whole event loop waits with it, so
 * one process holding the write lock (a backup tool, a migration, an
 * administrator's shell) would stall every socket and every page.
 *
 * Here SQLite's own wait is short (`busy_timeout`, a few milliseconds, for a
 * checkpoint's brief locks), and a writer that still finds the database
 * locked waits for it ASYNCHRONOUSLY, retrying with a growing delay up to
 * `waitForLockMs` in all, then fails as before (SQLITE_BUSY). Meanwhile the
 * connection is free: reads (which the write-ahead log serves beside any
 * writer) and the sync server's live relays go on.
 *
 * Only a write can wait: a transaction begins IMMEDIATE (it takes the write
 * lock at BEGIN, so its statements never meet a lock halfway through, when
 * giving the connection up would let others read its uncommitted rows), and
 * a statement outside a transaction is its own transaction, which SQLite
 * leaves undone when it is refused. Both are retried whole. A transaction
 * opened `read only` begins DEFERRED and never waits for writers.
 */
export interface LockWait {
  /** How long a write may wait for the lock in all before it fails (what busy_timeout once allowed). */
  waitForLockMs: number;
  /** Called before the connection is given up while a write waits, and after it is taken back. */
  onYield?: { before(): void; after(): void };
}

/** The retry delays: from 2 ms, doubling, to at most 100 ms. */
const firstDelayMs = 2;
const longestDelayMs = 100;

export function lockWaitingDialect(database: SqliteDatabase, sqlite: SQLite.Database, wait: LockWait): SqliteDialect {
  return new (class extends SqliteDialect {
    override createDriver(): Driver {
      return new LockWaitingDriver(database, sqlite, wait);
    }
  })({ database });
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY_'));
}

class LockWaitingDriver implements Driver {
  readonly #mutex = new ConnectionMutex();
  readonly #connection: LockWaitingConnection;

  constructor(
    private readonly database: SqliteDatabase,
    private readonly sqlite: SQLite.Database,
    private readonly wait: LockWait,
  ) {
    this.#connection = new LockWaitingConnection(database, (attempt) => this.#whenUnlocked(attempt));
  }

  async init(): Promise<void> {}

  /** One connection: each caller holds it in turn. */
  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const begin = settings.accessMode === 'read only' ? 'begin deferred' : 'begin immediate';
    await connection.executeQuery(CompiledQuery.raw(begin));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release "${name}"`));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.database.close();
  }

  /**
   * Runs `attempt` (one statement, called by the connection's holder); while
   * SQLite answers busy outside a transaction, gives the connection up, waits,
   * takes it back and tries again, until `waitForLockMs` have passed.
   */
  async #whenUnlocked<T>(attempt: () => T): Promise<T> {
    const deadline = performance.now() + this.wait.waitForLockMs;
    for (let delay = firstDelayMs; ; delay = Math.min(delay * 2, longestDelayMs)) {
      try {
        return attempt();
      } catch (error) {
        // Inside a transaction a refused statement cannot be retried alone; the transaction fails.
        if (!isBusy(error) || this.sqlite.inTransaction || performance.now() + delay > deadline) throw error;
      }
      this.wait.onYield?.before();
      this.#mutex.unlock();
      await new Promise((resolve) => setTimeout(resolve, delay));
      await this.#mutex.lock();
      this.wait.onYield?.after();
    }
  }
}

class LockWaitingConnection implements DatabaseConnection {
  constructor(
    private readonly database: SqliteDatabase,
    private readonly whenUnlocked: <T>(attempt: () => T) => Promise<T>,
  ) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    return this.whenUnlocked(() => {
      const statement = this.database.prepare(sql);
      if (statement.reader) return { rows: statement.all(parameters) as R[] };
      const { changes, lastInsertRowid } = statement.run(parameters);
      return {
        numAffectedRows: changes === undefined || changes === null ? undefined : BigInt(changes),
        insertId: lastInsertRowid === undefined || lastInsertRowid === null ? undefined : BigInt(lastInsertRowid),
        rows: [],
      };
    });
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    const statement = this.database.prepare(sql);
    for (const row of statement.iterate(parameters)) yield { rows: [row as R] };
  }
}

/** The one connection's turn: whoever holds it runs its statements; the others wait, in no promised order. */
class ConnectionMutex {
  #held: Promise<void> | undefined;
  #release: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.#held) await this.#held;
    this.#held = new Promise((resolve) => (this.#release = resolve));
  }

  unlock(): void {
    const release = this.#release;
    this.#held = undefined;
    this.#release = undefined;
    release?.();
  }
}
