import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import type { Database } from '../../db/schema';
import { storedUpdates } from '../../db/stored-updates';
import { checkpointAtOrBefore } from '../../sync/checkpoints';
import { settlePending } from '../../sync/pending-structs';

/**
 * A document at any point of its update log: the newest
 * stored state at or before that point (a checkpoint, or a version's own
 * state), then the log's rows up to it, in order. The live documents keep
 * garbage collection on, and so do checkpoints; everything visible at a
 * stored state is whole in it, so a replay from there is exact for that
 * point and every later one. Deleted text is kept only by replaying into a
 * document without garbage collection (compare, restore).
 */

/** A row of the log, as a replay reads it. */
export interface HistoryRow {
  id: number;
  userId: string;
  data: Uint8Array;
  createdAt: number;
}

/** Rows read per query during a replay, so that a long log never sits in memory at once. */
const rowsPerPage = 2000;

export class DocHistory {
  constructor(private readonly db: Kysely<Database>) {}

  /** The id of the document's newest stored row, 0 when it has none. */
  async latestUpdateId(docId: string): Promise<number> {
    const row = await this.db
      .selectFrom('doc_updates')
      .select('id')
      .where('doc_id', '=', docId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? Number(row.id) : 0;
  }

  /** The id of the last row made at or before `time`, 0 when none was. */
  async lastUpdateAt(docId: string, time: number): Promise<number> {
    const row = await this.db
      .selectFrom('doc_updates')
      .select('id')
      .where('doc_id', '=', docId)
      .where('created_at', '<=', time)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? Number(row.id) : 0;
  }

  /** The newest row at or before `updateId` (an id between rows means the one before it), or null. */
  async rowAtOrBefore(docId: string, updateId: number): Promise<{ id: number; createdAt: number } | null> {
    const row = await this.db
      .selectFrom('doc_updates')
      .select(['id', 'created_at'])
      .where('doc_id', '=', docId)
      .where('id', '<=', updateId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { id: Number(row.id), createdAt: Number(row.created_at) } : null;
  }

  /** A new Y.Doc holding the document after row `upTo`. */
  async build(docId: string, upTo: number, options: { gc: boolean }): Promise<Y.Doc> {
    const doc = new Y.Doc({ gc: options.gc });
    const base = await this.#baseFor(docId, upTo);
    doc.transact(() => {
      if (base) Y.applyUpdate(doc, base.data);
    });
    await this.replay(doc, docId, base?.lastUpdateId ?? 0, upTo);
    return doc;
  }

  /**
   * The Yjs snapshot (state vector and delete set) of the document after row
   * `upTo`: which items were there and visible then, to be looked up in a
   * document that holds them (history-states.ts).
   */
  async snapshotAt(docId: string, upTo: number): Promise<Y.Snapshot> {
    const doc = await this.build(docId, upTo, { gc: true });
    try {
      return Y.snapshot(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Applies rows `after < id <= upTo` to `doc`, in order, each in its own
   * transaction; `onRow` sees each row with that transaction, after it is
   * applied and before garbage collection (if on) empties what it deleted.
   * With `yieldEvery`, the event loop gets a turn after that many rows: a
   * replay in the background never holds up the sockets for long.
   */
  async replay(
    doc: Y.Doc,
    docId: string,
    after: number,
    upTo: number,
    onRow?: (row: HistoryRow, transaction: Y.Transaction) => void,
    options: { yieldEvery?: number } = {},
  ): Promise<void> {
    let current: HistoryRow | null = null;
    const observe = (transaction: Y.Transaction) => {
      if (current) onRow?.(current, transaction);
    };
    if (onRow) doc.on('afterTransaction', observe);
    try {
      let applied = 0;
      for await (const stored of storedUpdates(this.db, docId, { after, upTo, pageSize: rowsPerPage })) {
        current = stored;
        Y.applyUpdate(doc, stored.data);
        settlePending(doc);
        if (options.yieldEvery && ++applied % options.yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      current = null;
    } finally {
      if (onRow) doc.off('afterTransaction', observe);
    }
  }

  /** The newest stored state holding rows up to at most `upTo`: a checkpoint or a version's state. */
  async #baseFor(docId: string, upTo: number): Promise<{ data: Uint8Array; lastUpdateId: number } | null> {
    const [checkpoint, version] = await Promise.all([
      checkpointAtOrBefore(this.db, docId, upTo),
      this.db
        .selectFrom('doc_versions')
        .select(['state', 'last_update_id'])
        .where('doc_id', '=', docId)
        .where('state', 'is not', null)
        .where('last_update_id', '<=', upTo)
        .orderBy('last_update_id', 'desc')
        .limit(1)
        .executeTakeFirst(),
    ]);
    const fromVersion = version?.state ? { data: version.state, lastUpdateId: Number(version.last_update_id) } : null;
    if (!checkpoint) return fromVersion;
    if (!fromVersion) return checkpoint;
    return fromVersion.lastUpdateId > checkpoint.lastUpdateId ? fromVersion : checkpoint;
  }
}
