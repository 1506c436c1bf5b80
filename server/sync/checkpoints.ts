import type { Kysely, Transaction } from 'kysely';
import * as Y from 'yjs';
import type { Database } from '../db/schema';
import { settlePending } from './pending-structs';

/**
 * Checkpoints bound how much of the update log a replay reads: a checkpoint
 * is the document's whole state (Y.encodeStateAsUpdate) up to and including
 * update row `last_update_id`, so loading is the newest checkpoint plus the
 * rows after it. The rows themselves are never removed: history and
 * contributions read who wrote what, when.
 *
 * History starts from checkpoints too: the document at any past row is the
 * newest checkpoint at or before it plus the rows between (versions/history.ts).
 * A checkpoint comes from the server's garbage-collected document, so text
 * deleted before it is gone from it, but everything visible at it is whole;
 * a view of any later moment, and a comparison of any two later moments
 * (replayed into a document without garbage collection), is exact.
 *
 * So the newest two are kept for loading, and older ones are thinned to one
 * per `historySpacingRows` rows of the document, which bounds the replay to
 * any moment while keeping storage a small multiple of the document's size.
 */
const newestKept = 2;
export const historySpacingRows = 2000;

export interface Checkpoint {
  data: Uint8Array;
  lastUpdateId: number;
}

export async function latestCheckpoint(db: Kysely<Database>, docId: string): Promise<Checkpoint | null> {
  const row = await db
    .selectFrom('doc_checkpoints')
    .select(['data', 'last_update_id'])
    .where('doc_id', '=', docId)
    .orderBy('last_update_id', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { data: row.data, lastUpdateId: Number(row.last_update_id) } : null;
}

/** The newest checkpoint holding at most rows up to `lastUpdateId`. */
export async function checkpointAtOrBefore(db: Kysely<Database>, docId: string, lastUpdateId: number): Promise<Checkpoint | null> {
  const row = await db
    .selectFrom('doc_checkpoints')
    .select(['data', 'last_update_id'])
    .where('doc_id', '=', docId)
    .where('last_update_id', '<=', lastUpdateId)
    .orderBy('last_update_id', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { data: row.data, lastUpdateId: Number(row.last_update_id) } : null;
}

export interface CheckpointOptions {
  /**
   * One instance alone writes the document (no relay), so a snapshot
   * taken as a batch is sealed holds every row up to that batch: completing
   * it (rebuilding the document from the snapshot and the rows since the last
   * checkpoint) is skipped. That rebuild cost as much as a cold load of the
   * document at every checkpoint (profiled: a sixth of the server's
   * time while the automerge-paper trace was typed).
   */
  alone: boolean;
}

/**
 * Stores a checkpoint and thins the older ones. Each checkpoint is judged
 * once, when it stops being one of the newest two: it stays if at least
 * `historySpacingRows` rows of the document separate it from the previous
 * one kept (or none was kept before it).
 */
export async function storeCheckpoint(
  db: Kysely<Database>,
  docId: string,
  checkpoint: Checkpoint,
  options: CheckpointOptions = { alone: false },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const data = options.alone ? checkpoint.data : await completed(trx, docId, checkpoint);
    // One checkpoint per row: when two instances take the same one, the second adds nothing.
    const inserted = await trx
      .insertInto('doc_checkpoints')
      .values({ doc_id: docId, last_update_id: checkpoint.lastUpdateId, data, created_at: Date.now() })
      .onConflict((oc) => oc.columns(['doc_id', 'last_update_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
    const [judged, previous] = await trx
      .selectFrom('doc_checkpoints')
      .select(['id', 'last_update_id'])
      .where('doc_id', '=', docId)
      .orderBy('last_update_id', 'desc')
      .orderBy('id', 'desc')
      .limit(2)
      .offset(newestKept)
      .execute();
    if (!judged || !previous) return;
    const { rows } = await trx
      .selectFrom('doc_updates')
      .select((eb) => eb.fn.countAll<number>().as('rows'))
      .where('doc_id', '=', docId)
      .where('id', '>', previous.last_update_id)
      .where('id', '<=', judged.last_update_id)
      .executeTakeFirstOrThrow();
    if (Number(rows) < historySpacingRows) {
      await trx.deleteFrom('doc_checkpoints').where('id', '=', judged.id).execute();
    }
  });
}

/**
 * Checkpoints whatever rows the newest checkpoint does not cover yet, as a
 * document unloads: the next load then reads one merged update and
 * no tail, which is what lets a cold load answer its first client from the
 * stored bytes (room.ts). `snapshot` is called only when a checkpoint is due.
 */
export async function checkpointTail(
  db: Kysely<Database>,
  docId: string,
  snapshot: () => Uint8Array,
  options: CheckpointOptions = { alone: false },
): Promise<void> {
  const [covered, last] = await Promise.all([
    db
      .selectFrom('doc_checkpoints')
      .select((eb) => eb.fn.max('last_update_id').as('id'))
      .where('doc_id', '=', docId)
      .executeTakeFirst(),
    db
      .selectFrom('doc_updates')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('doc_id', '=', docId)
      .executeTakeFirst(),
  ]);
  const lastUpdateId = Number(last?.id ?? 0);
  if (lastUpdateId <= Number(covered?.id ?? 0)) return;
  await storeCheckpoint(db, docId, { lastUpdateId, data: snapshot() }, options);
}

/**
 * The snapshot with every row up to its `lastUpdateId` (since the newest
 * stored checkpoint) applied. Alone, a snapshot holds them all; with several
 * instances one may not yet have heard of a row another stored
 * just before its own, and a checkpoint claiming that row without holding
 * it would lose it on the next load. Applying a row twice changes nothing.
 */
async function completed(trx: Transaction<Database>, docId: string, checkpoint: Checkpoint): Promise<Uint8Array> {
  const previous = await latestCheckpoint(trx, docId);
  const rows = await trx
    .selectFrom('doc_updates')
    .select('data')
    .where('doc_id', '=', docId)
    .where('id', '>', Math.min(previous?.lastUpdateId ?? 0, checkpoint.lastUpdateId))
    .where('id', '<=', checkpoint.lastUpdateId)
    .orderBy('id')
    .execute();
  if (rows.length === 0) return checkpoint.data;
  const doc = new Y.Doc();
  doc.transact(() => {
    Y.applyUpdate(doc, checkpoint.data);
    for (const row of rows) {
      Y.applyUpdate(doc, row.data);
      settlePending(doc);
    }
  });
  const data = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return data;
}

/**
 * When the next checkpoint is due: after `every.updates` stored updates or
 * `every.bytes` stored bytes since the last one, whichever comes first.
 */
export class CheckpointSchedule {
  #updates = 0;
  #bytes = 0;

  constructor(private readonly every: { updates: number; bytes: number }) {}

  record(updates: number, bytes: number): void {
    this.#updates += updates;
    this.#bytes += bytes;
  }

  get due(): boolean {
    return this.#updates >= this.every.updates || this.#bytes >= this.every.bytes;
  }

  /** A checkpoint was taken; count afresh. */
  taken(): void {
    this.#updates = 0;
    this.#bytes = 0;
  }

  /** Storing the checkpoint failed; try again with the next batch. */
  missed(): void {
    this.#updates = Math.max(this.#updates, this.every.updates);
  }
}
