import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * Checkpoints bound how much of the update log a load replays: a checkpoint
 * is the document's whole state (Y.encodeStateAsUpdate) up to and including
 * update row `last_update_id`, so loading is the newest checkpoint plus the
 * rows after it. The rows themselves are never removed: history and
 * contributions read who wrote what, when.
 *
 * Only the newest few checkpoints are kept. A checkpoint is taken from the
 * server's garbage-collected document, so an older one is no view of the past
 * (deleted text is gone from it); history replays the rows instead.
 */
const checkpointsKept = 2;

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

export async function storeCheckpoint(db: Kysely<Database>, docId: string, checkpoint: Checkpoint): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('doc_checkpoints')
      .values({ doc_id: docId, last_update_id: checkpoint.lastUpdateId, data: checkpoint.data, created_at: Date.now() })
      .execute();
    const stale = await trx
      .selectFrom('doc_checkpoints')
      .select('id')
      .where('doc_id', '=', docId)
      .orderBy('last_update_id', 'desc')
      .orderBy('id', 'desc')
      .limit(100)
      .offset(checkpointsKept)
      .execute();
    if (stale.length > 0) {
      await trx
        .deleteFrom('doc_checkpoints')
        .where(
          'id',
          'in',
          stale.map((row) => row.id),
        )
        .execute();
    }
  });
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
