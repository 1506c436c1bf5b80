import * as Y from 'yjs';
import { sql, type Kysely, type Transaction } from 'kysely';
import { durableOnCommit, type Store } from '../db/database';
import type { Database } from '../db/schema';
import type { Metrics } from '../metrics';
import { latestCheckpoint } from './checkpoints';
import { checkClaims, type LogBatch, type LogRow, type StoredDocument } from './document-storage';
import type { EditRecord } from './edit-tally';
import { type Committed, GroupCommit } from './group-commit';
import { settlePending } from './pending-structs';

/**
 * The durable, attributed log of a document's Yjs updates (doc_updates), and
 * the map of who owns which Yjs client id (doc_client_ids). Writes are
 * group-committed (group-commit.ts): one transaction, and one fsync, for
 * every batch appended during a turn of the event loop.
 */

/** One document's rows as just stored, with their ids, oldest first. */
export interface CommittedBatch {
  docId: string;
  rows: readonly (LogRow & { id: number })[];
  edits: readonly EditRecord[];
}

/**
 * Keeps records derived from the log (contribution totals, session versions)
 * in step with it: called inside the transaction that stores a batch, after
 * its rows, so what it writes commits with them or not at all, and the two
 * can never disagree. A hook that throws fails the batch like a failed insert.
 */
export interface CommitHook {
  inTransaction(trx: Transaction<Database>, batch: CommittedBatch): Promise<void>;
}

/** Applies a stored document (checkpoint, then tail in order) to `doc` in one transaction. */
export function applyStored(doc: Y.Doc, stored: Pick<StoredDocument, 'checkpoint' | 'tail'>): void {
  doc.transact(() => {
    if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint.data);
    for (const row of stored.tail) {
      Y.applyUpdate(doc, row.data);
      settlePending(doc);
    }
  });
}

/** SQLite binds at most 32766 variables per statement; 5 per row leaves plenty of room. */
const rowsPerInsert = 1000;

export class UpdateLog {
  readonly #commits = new GroupCommit((batches) => this.#store(batches));

  constructor(
    private readonly db: Kysely<Database>,
    private readonly metrics: Pick<Metrics, 'updates' | 'persistSeconds'>,
    private readonly hooks: readonly CommitHook[] = [],
    /** Runs a write transaction, answering when it is on disk (Store.durably); as it commits, by default. */
    private readonly durably: Store['durably'] = durableOnCommit(db),
  ) {}

  /** Transactions committed so far (each a group of batches). */
  get transactions(): number {
    return this.#commits.commits;
  }

  async load(docId: string): Promise<StoredDocument> {
    const checkpoint = await latestCheckpoint(this.db, docId);
    const tail = await this.db
      .selectFrom('doc_updates')
      .select(['id', 'data'])
      .where('doc_id', '=', docId)
      .where('id', '>', checkpoint?.lastUpdateId ?? 0)
      .orderBy('id')
      .execute();
    const claims = await this.db
      .selectFrom('doc_client_ids')
      .select(['client_id', 'user_id'])
      .where('doc_id', '=', docId)
      .execute();
    return {
      checkpoint,
      tail: tail.map((row) => ({ id: Number(row.id), data: row.data })),
      owners: new Map(claims.map((row) => [Number(row.client_id), row.user_id])),
    };
  }

  /** Queues a batch for the next group commit; resolves with the id of its last row once committed. */
  append(batch: LogBatch): Promise<number> {
    return this.#commits.append(batch);
  }

  /** Resolves once everything appended so far has been committed (or has failed). */
  flushed(): Promise<void> {
    return this.#commits.flushed();
  }

  /** One transaction for all `batches`; answers each one's last row id, and when they are on disk. */
  async #store(batches: readonly LogBatch[]): Promise<Committed> {
    const started = performance.now();
    const now = Date.now();
    const { result: lastIds, onDisk } = await this.durably((db) => db.transaction().execute(async (trx) => {
      // Touching the documents first locks their rows (PostgreSQL) until the
      // commit, so transactions of several instances writing one document
      // take their row ids AND commit one after another: a reader never sees
      // a row whose smaller-id neighbour commits later (checkpoints rely on
      // it). Sorted, so that two transactions never wait on each other.
      // A batch may hold client-id claims alone (made in awareness): no edit, so no new updated_at.
      const docIds = [...new Set(batches.filter((batch) => batch.rows.length > 0).map((batch) => batch.docId))].sort();
      // The statements every commit runs are written as SQL, not built: Kysely's
      // builder costs more per commit than SQLite running them (profiled under load).
      if (docIds.length > 0) await sql`update documents set updated_at = ${now} where id in (${sql.join(docIds)})`.execute(trx);
      const ids: number[] = [];
      for (const batch of batches) {
        const rowIds: number[] = [];
        for (let start = 0; start < batch.rows.length; start += rowsPerInsert) {
          const values = batch.rows
            .slice(start, start + rowsPerInsert)
            .map((row) => sql`(${batch.docId}, ${row.userId}, ${row.data}, ${row.data.byteLength}, ${row.createdAt})`);
          const inserted = await sql<{ id: number | string }>`insert into doc_updates (doc_id, user_id, data, size, created_at)
            values ${sql.join(values)} returning id`.execute(trx);
          // Ids grow in insertion order; RETURNING does not promise its own order.
          rowIds.push(...inserted.rows.map(({ id }) => Number(id)).sort((a, b) => a - b));
        }
        const lastId = rowIds.at(-1) ?? 0;
        if (batch.claims.length > 0) {
          await trx
            .insertInto('doc_client_ids')
            .values(batch.claims.map((c) => ({ doc_id: batch.docId, client_id: c.clientId, user_id: c.userId, created_at: now })))
            // First writer wins; the room already refused anyone else it knew of.
            .onConflict((oc) => oc.columns(['doc_id', 'client_id']).doNothing())
            .execute();
          // A claim another instance (or a racing transaction) made first for
          // someone else: this batch writes under a client id that is not its
          // writer's, and must not be stored (document-storage.ts ClientIdTaken).
          // Read after the insert, which waits for a racing claim to commit.
          const owners = await trx
            .selectFrom('doc_client_ids')
            .select(['client_id', 'user_id'])
            .where('doc_id', '=', batch.docId)
            .where('client_id', 'in', batch.claims.map((c) => c.clientId))
            .execute();
          checkClaims(batch, new Map(owners.map((row) => [Number(row.client_id), row.user_id])));
        }
        if (this.hooks.length > 0) {
          const committed: CommittedBatch = {
            docId: batch.docId,
            rows: batch.rows.map((row, i) => ({ ...row, id: rowIds[i]! })),
            edits: batch.edits,
          };
          for (const hook of this.hooks) await hook.inTransaction(trx, committed);
        }
        ids.push(lastId);
      }
      return ids;
    }));
    const stored = () => {
      this.metrics.persistSeconds.observe((performance.now() - started) / 1000);
      this.metrics.updates.inc(batches.reduce((sum, batch) => sum + batch.rows.length, 0));
    };
    if (onDisk) return { result: lastIds, onDisk: onDisk.then(stored) };
    stored();
    return { result: lastIds };
  }
}
