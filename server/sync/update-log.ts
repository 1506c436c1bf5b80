import * as Y from 'yjs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Metrics } from '../metrics';
import { latestCheckpoint, type Checkpoint } from './checkpoints';

/**
 * The durable, attributed log of a document's Yjs updates (doc_updates), and
 * the map of who owns which Yjs client id (doc_client_ids).
 *
 * Writes are group-committed: every batch appended during one turn of the
 * event loop goes into ONE transaction, started from setImmediate, so a burst
 * of keystrokes from many clients and documents costs one fsync instead of
 * one each. Transactions run one after another; while one commits, new
 * batches gather for the next. A caller learns the outcome from the promise
 * `append` returns, and must not acknowledge (relay) anything before it
 * resolves.
 */

export interface LogRow {
  userId: string;
  data: Uint8Array;
  createdAt: number;
}

export interface ClientIdClaim {
  clientId: number;
  userId: string;
}

export interface LogBatch {
  readonly docId: string;
  readonly rows: readonly LogRow[];
  readonly claims: readonly ClientIdClaim[];
  /**
   * Called synchronously as the batch goes into a transaction, so that its
   * owner stops adding to it (and may snapshot exactly what it holds).
   * Returning false withdraws the batch: its promise rejects unstored.
   */
  seal(): boolean;
}

export interface StoredDocument {
  checkpoint: Checkpoint | null;
  /** Rows after the checkpoint, oldest first. */
  tail: { id: number; data: Uint8Array }[];
  /** Client id -> user id, for every client id that ever wrote in the document. */
  owners: Map<number, string>;
}

/** Applies a stored document (checkpoint, then tail in order) to `doc` in one transaction. */
export function applyStored(doc: Y.Doc, stored: Pick<StoredDocument, 'checkpoint' | 'tail'>): void {
  doc.transact(() => {
    if (stored.checkpoint) Y.applyUpdate(doc, stored.checkpoint.data);
    for (const row of stored.tail) Y.applyUpdate(doc, row.data);
  });
}

export class WithdrawnBatch extends Error {
  override name = 'WithdrawnBatch';
}

interface Queued {
  batch: LogBatch;
  resolve(lastUpdateId: number): void;
  reject(err: unknown): void;
}

/** SQLite binds at most 32766 variables per statement; 5 per row leaves plenty of room. */
const rowsPerInsert = 1000;

export class UpdateLog {
  #queue: Queued[] = [];
  #scheduled = false;
  #chain: Promise<void> = Promise.resolve();
  #transactions = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly metrics: Pick<Metrics, 'updates' | 'persistSeconds'>,
  ) {}

  /** Transactions committed so far (each a group of batches). */
  get transactions(): number {
    return this.#transactions;
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
    return new Promise((resolve, reject) => {
      this.#queue.push({ batch, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#chain = this.#chain.then(() => this.#commit());
      });
    });
  }

  /** Resolves once everything appended so far has been committed (or has failed). */
  flushed(): Promise<void> {
    this.#chain = this.#chain.then(() => this.#commit());
    return this.#chain;
  }

  async #commit(): Promise<void> {
    const taken = this.#queue.splice(0);
    if (taken.length === 0) return;
    const sealed: Queued[] = [];
    for (const queued of taken) {
      if (queued.batch.seal() && queued.batch.rows.length > 0) sealed.push(queued);
      else queued.reject(new WithdrawnBatch('batch withdrawn before commit'));
    }
    if (sealed.length === 0) return;

    try {
      await this.#store(sealed);
    } catch (err) {
      if (sealed.length === 1) {
        sealed[0]!.reject(err);
        return;
      }
      // One document's bad batch (say, its row was deleted meanwhile) must
      // not fail every other document's edits: retry each on its own.
      for (const queued of sealed) {
        await this.#store([queued]).catch((error: unknown) => queued.reject(error));
      }
    }
  }

  /** One transaction for all `group`; resolves each batch with its last row id. */
  async #store(group: Queued[]): Promise<void> {
    const started = performance.now();
    const now = Date.now();
    const lastIds = await this.db.transaction().execute(async (trx) => {
      const ids: number[] = [];
      for (const { batch } of group) {
        let lastId = 0;
        for (let start = 0; start < batch.rows.length; start += rowsPerInsert) {
          const rows = batch.rows.slice(start, start + rowsPerInsert).map((row) => ({
            doc_id: batch.docId,
            user_id: row.userId,
            data: row.data,
            size: row.data.byteLength,
            created_at: row.createdAt,
          }));
          const inserted = await trx.insertInto('doc_updates').values(rows).returning('id').execute();
          for (const { id } of inserted) lastId = Math.max(lastId, Number(id));
        }
        if (batch.claims.length > 0) {
          await trx
            .insertInto('doc_client_ids')
            .values(batch.claims.map((c) => ({ doc_id: batch.docId, client_id: c.clientId, user_id: c.userId, created_at: now })))
            // First writer wins; the room already refused anyone else.
            .onConflict((oc) => oc.columns(['doc_id', 'client_id']).doNothing())
            .execute();
        }
        ids.push(lastId);
      }
      const docIds = [...new Set(group.map(({ batch }) => batch.docId))];
      await trx.updateTable('documents').set({ updated_at: now }).where('id', 'in', docIds).execute();
      return ids;
    });
    this.#transactions += 1;
    this.metrics.persistSeconds.observe((performance.now() - started) / 1000);
    this.metrics.updates.inc(group.reduce((sum, { batch }) => sum + batch.rows.length, 0));
    group.forEach((queued, i) => queued.resolve(lastIds[i]!));
  }
}
