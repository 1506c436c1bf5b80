import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** One row of a document's attributed update log. */
export interface StoredUpdate {
  id: number;
  userId: string;
  data: Uint8Array;
  createdAt: number;
}

export interface StoredUpdatesRange {
  /** Rows after this id. */
  after: number;
  /** And up to this id, when given. */
  upTo?: number;
  /** Leaving out this user's rows, when given. */
  notBy?: string;
  /** Rows read per query: a long history is never held in memory at once. */
  pageSize: number;
}

/**
 * A document's stored updates in the order they were committed, read a page
 * at a time (keyset on the row id). A reader that stops early (a limit
 * reached) leaves the remaining pages unread.
 */
export async function* storedUpdates(db: Kysely<Database>, docId: string, range: StoredUpdatesRange): AsyncGenerator<StoredUpdate> {
  const { upTo, notBy, pageSize } = range;
  let last = range.after;
  for (;;) {
    const rows = await db
      .selectFrom('doc_updates')
      .select(['id', 'user_id', 'data', 'created_at'])
      .where('doc_id', '=', docId)
      .where('id', '>', last)
      .$if(upTo !== undefined, (query) => query.where('id', '<=', upTo!))
      .$if(notBy !== undefined, (query) => query.where('user_id', '!=', notBy!))
      .orderBy('id')
      .limit(pageSize)
      .execute();
    for (const row of rows) yield { id: Number(row.id), userId: row.user_id, data: row.data, createdAt: Number(row.created_at) };
    if (rows.length < pageSize) return;
    last = Number(rows.at(-1)!.id);
  }
}
