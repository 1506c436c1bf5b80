import { type Kysely, sql } from 'kysely';
import * as Y from 'yjs';
import type { Database } from '../../db/schema';
import type { Logger } from '../../logger';
import type { DocHistory, HistoryRow } from './history';

/**
 * A history state is a document without garbage collection after some row
 * of its log: every item ever written, deleted text with its content, so
 * any two moments up to that row can be compared in it, and any moment
 * restored from it. Replaying the whole log into such a document is what
 * compare and restore cost before (2 s for a long paper's 260,000 rows);
 * decoding a stored state costs a few percent of that.
 *
 * One state per document is kept (`doc_history_states`) and advanced: on
 * demand, by a compare or restore that needs a later row, and in the
 * background once enough rows have been written past it (see
 * `worthAdvancing`). As it advances over a row, what that row deleted
 * first is written to `doc_deletions`, which tells a comparison who
 * deleted what without replaying anything.
 *
 * A state may hold rows beyond the moments compared: the items written
 * later are in it but visible at neither moment, so a comparison skips them.
 */

/** A document without garbage collection holding every row up to `lastUpdateId`. */
export interface HistoryDocument {
  doc: Y.Doc;
  lastUpdateId: number;
}

/** Who deleted a range of one client's Yjs ids first. */
export interface Deletion {
  clock: number;
  len: number;
  userId: string;
}

/** Rows applied between two yields to the event loop while advancing, so that sockets are served meanwhile. */
const rowsPerSlice = 500;
/** Deletion rows per insert (SQLite binds at most 32766 values; 6 per row). */
const deletionsPerInsert = 1000;
/**
 * The background advances a state once replaying the rows since it would
 * cost about as much as decoding it: a row of one edit replays in about as
 * long as 50 bytes of state decode. So the state never lags by more than a
 * decode's worth of replay, and keeping it costs about twice one replay of
 * the log in all.
 */
const stateBytesPerRow = 50;
const minRowsToAdvance = 500;

export class HistoryStates {
  /** The advance under way per document: advances of one document run one after the other. */
  readonly #advancing = new Map<string, Promise<unknown>>();
  /** The newest row the log was said to reach while the document's advance was under way: looked at again once it ends. */
  readonly #wanted = new Map<string, number>();
  #stopped = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly history: DocHistory,
    private readonly logger?: Logger,
  ) {}

  /**
   * A document without garbage collection holding every row up to at least
   * `upTo` (the stored state, advanced to `upTo` when it holds less); the
   * caller destroys it.
   */
  async documentFrom(docId: string, upTo: number): Promise<HistoryDocument> {
    return this.#serially(docId, async () => {
      const stored = await this.#decoded(docId);
      if (stored.lastUpdateId >= upTo) return stored;
      try {
        return { doc: stored.doc, lastUpdateId: await this.#advance(stored.doc, docId, stored.lastUpdateId, upTo) };
      } catch (error) {
        stored.doc.destroy();
        throw error;
      }
    });
  }

  /**
   * Who deleted first what rows `after < id <= upTo` deleted, per client,
   * sorted by clock; only ids below `below` (a state vector: ids written
   * later were not there to compare). They are written as the state
   * advances: call documentFrom for `upTo` first.
   */
  async deletions(docId: string, after: number, upTo: number, below: Map<number, number>): Promise<Map<number, Deletion[]>> {
    const found = new Map<number, Deletion[]>();
    for (const [client, clock] of below) {
      const rows = await this.db
        .selectFrom('doc_deletions')
        .select(['clock', 'len', 'user_id'])
        .where('doc_id', '=', docId)
        .where('update_id', '>', after)
        .where('update_id', '<=', upTo)
        .where('client', '=', client)
        .where('clock', '<', clock)
        .orderBy('clock')
        .execute();
      if (rows.length > 0) found.set(client, rows.map((row) => ({ clock: Number(row.clock), len: Number(row.len), userId: row.user_id })));
    }
    return found;
  }

  /**
   * The log reached row `lastUpdateId` (a checkpoint was stored): advances
   * the document's state in the background if it is worth it by now. Never
   * throws; a failure is logged and the next compare advances it.
   */
  advanceSoon(docId: string, lastUpdateId: number): void {
    if (this.#stopped) return;
    if (this.#advancing.has(docId)) {
      this.#wanted.set(docId, Math.max(this.#wanted.get(docId) ?? 0, lastUpdateId));
      return;
    }
    const run = this.#serially(docId, async () => {
      if (this.#stopped || !(await this.#worthAdvancing(docId, lastUpdateId))) return;
      const stored = await this.#decoded(docId);
      try {
        await this.#advance(stored.doc, docId, stored.lastUpdateId, lastUpdateId);
      } finally {
        stored.doc.destroy();
      }
    });
    run.catch((err: unknown) => this.logger?.warn({ err, docId }, 'advancing the history state failed; the next compare will'));
  }

  /** Resolves once no advance of the document is under way or due (what a bench waits for before it times a compare). */
  async settled(docId: string): Promise<void> {
    for (let running = this.#advancing.get(docId); running; running = this.#advancing.get(docId)) {
      await running.catch(() => undefined);
    }
  }

  /** Waits for the advances under way and starts none after. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.allSettled([...this.#advancing.values()]);
  }

  /** Whether the rows up to `lastUpdateId` past the stored state (or all, without one) make advancing it worth it (see stateBytesPerRow). */
  async #worthAdvancing(docId: string, lastUpdateId: number): Promise<boolean> {
    const stored = await this.db
      .selectFrom('doc_history_states')
      .select(['last_update_id', sql<number>`length(state)`.as('bytes')])
      .where('doc_id', '=', docId)
      .executeTakeFirst();
    // A short log replays in no time: it gets a state when a compare asks for one.
    const from = Number(stored?.last_update_id ?? 0);
    const needed = Math.max(minRowsToAdvance, Number(stored?.bytes ?? 0) / stateBytesPerRow);
    // Row ids number every document's rows: fewer ids than that means fewer rows, without counting them.
    if (lastUpdateId - from < needed) return false;
    const { rows } = await this.db
      .selectFrom('doc_updates')
      .select((eb) => eb.fn.countAll<number>().as('rows'))
      .where('doc_id', '=', docId)
      .where('id', '>', from)
      .where('id', '<=', lastUpdateId)
      .executeTakeFirstOrThrow();
    return Number(rows) >= needed;
  }

  /** The stored state decoded into a document without garbage collection; an empty one at row 0 when none is stored. */
  async #decoded(docId: string): Promise<HistoryDocument> {
    const row = await this.db
      .selectFrom('doc_history_states')
      .select(['last_update_id', 'state'])
      .where('doc_id', '=', docId)
      .executeTakeFirst();
    const doc = new Y.Doc({ gc: false });
    if (row) Y.applyUpdate(doc, row.state);
    return { doc, lastUpdateId: Number(row?.last_update_id ?? 0) };
  }


  /**
   * Applies the rows `from < id <= upTo` to `doc` (the state at `from`), noting
   * what each deleted first, and stores the result with those deletions in
   * one transaction, unless another instance advanced the state from
   * `from` meanwhile (then its own is as good). Returns the last row applied.
   */
  async #advance(doc: Y.Doc, docId: string, from: number, upTo: number): Promise<number> {
    const deletions: { update_id: number; user_id: string; client: number; clock: number; len: number }[] = [];
    let lastUpdateId = from;
    const noteDeletions = (row: HistoryRow, transaction: Y.Transaction) => {
      lastUpdateId = row.id;
      for (const [client, ranges] of transaction.deleteSet.clients) {
        for (const range of ranges) deletions.push({ update_id: row.id, user_id: row.userId, client, clock: range.clock, len: range.len });
      }
    };
    await this.history.replay(doc, docId, from, upTo, noteDeletions, { yieldEvery: rowsPerSlice });
    if (lastUpdateId === from) return from;
    const state = Y.encodeStateAsUpdate(doc);
    const now = Date.now();
    await this.db.transaction().execute(async (trx) => {
      const taken =
        from === 0
          ? (
              await trx
                .insertInto('doc_history_states')
                .values({ doc_id: docId, last_update_id: lastUpdateId, state, updated_at: now })
                .onConflict((oc) => oc.column('doc_id').doNothing())
                .executeTakeFirst()
            ).numInsertedOrUpdatedRows
          : (
              await trx
                .updateTable('doc_history_states')
                .set({ last_update_id: lastUpdateId, state, updated_at: now })
                .where('doc_id', '=', docId)
                .where('last_update_id', '=', from)
                .executeTakeFirst()
            ).numUpdatedRows;
      // Another instance advanced it from the same row: its state and deletions stand.
      if (Number(taken ?? 0) === 0) return;
      for (let i = 0; i < deletions.length; i += deletionsPerInsert) {
        await trx
          .insertInto('doc_deletions')
          .values(deletions.slice(i, i + deletionsPerInsert).map((deletion) => ({ doc_id: docId, ...deletion })))
          .execute();
      }
    });
    return lastUpdateId;
  }

  /** Runs `work` after the document's advance under way, if any. */
  #serially<T>(docId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#advancing.get(docId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.#advancing.set(docId, next);
    void next
      .finally(() => {
        if (this.#advancing.get(docId) !== next) return;
        this.#advancing.delete(docId);
        // The log went on while this ran: see whether that is worth another advance.
        const wanted = this.#wanted.get(docId);
        this.#wanted.delete(docId);
        if (wanted !== undefined) this.advanceSoon(docId, wanted);
      })
      .catch(() => undefined);
    return next;
  }
}
