import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { newId } from '../../db/ids';
import type { CommitHook, CommittedBatch } from '../../sync/update-log';

/**
 * Automatic versions at the end of each editing session of a document: a
 * session ends after `sessionGapMs` without an edit by anyone. No timer
 * watches for that moment (timers die with the process); the end of a
 * session is noticed instead, from the log itself, whichever comes first:
 * - when the next edit is stored after a longer gap (this commit hook, in
 *   the transaction that stores it);
 * - when someone reads the document's versions after the gap (`closeEnded`).
 * Both insert the same version (unique per document and last row), so it
 * is made once however often it is noticed.
 */
export class SessionVersions implements CommitHook {
  constructor(private readonly sessionGapMs: number) {}

  async inTransaction(trx: Transaction<Database>, batch: CommittedBatch): Promise<void> {
    const first = batch.rows[0];
    if (!first) return;
    // Every commit runs this: written as SQL, not built (update-log.ts says why).
    const [previous] = (
      await sql<{ id: number | string; created_at: number | string }>`select id, created_at from doc_updates
        where doc_id = ${batch.docId} and id < ${first.id} order by id desc limit 1`.execute(trx)
    ).rows;
    if (previous && first.createdAt - Number(previous.created_at) > this.sessionGapMs) {
      await insertSessionVersion(trx, batch.docId, { id: Number(previous.id), createdAt: Number(previous.created_at) });
    }
  }

  /** Makes the version of the document's last session if it has ended by `now`. */
  async closeEnded(db: Kysely<Database>, docId: string, now: number): Promise<void> {
    const last = await db
      .selectFrom('doc_updates')
      .select(['id', 'created_at'])
      .where('doc_id', '=', docId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last && now - Number(last.created_at) > this.sessionGapMs) {
      await insertSessionVersion(db, docId, { id: Number(last.id), createdAt: Number(last.created_at) });
    }
  }
}

async function insertSessionVersion(
  db: Kysely<Database>,
  docId: string,
  lastRow: { id: number; createdAt: number },
): Promise<void> {
  await db
    .insertInto('doc_versions')
    .values({
      id: newId(),
      doc_id: docId,
      kind: 'auto',
      name: null,
      created_by: null,
      created_at: lastRow.createdAt,
      last_update_id: lastRow.id,
      locked: 0,
      state: null,
      session_end: lastRow.id,
    })
    .onConflict((oc) => oc.columns(['doc_id', 'session_end']).doNothing())
    .execute();
}
