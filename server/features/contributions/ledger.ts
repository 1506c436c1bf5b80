import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import type { EditRecord } from '../../sync/edit-tally';
import type { CommitHook, CommittedBatch } from '../../sync/update-log';

/**
 * Contribution totals kept as updates are stored, never recomputed from the
 * whole log (a report must stay cheap however long the history): the sync layer
 * measures each update as it applies it (sync/edit-tally.ts) and the update
 * log runs this hook inside the transaction that stores the update's rows,
 * so totals and log commit together or not at all.
 */

/** One user's totals in one document (everything but `surviving`, which is read from the document itself). */
export interface EditTotals {
  inserted: number;
  words: number;
  pasted: number;
  pastes: number;
  deleted: number;
  edits: number;
  sessions: number;
  activeMinutes: number;
  firstAt: number;
  lastAt: number;
}

const minuteMs = 60 * 1000;
export const hourMs = 60 * minuteMs;

/**
 * Adds edits (in any order) to a user's totals. A session ends after
 * `sessionGapMs` without an edit; active minutes are the distinct clock
 * minutes with an edit.
 */
export function foldEdits(previous: EditTotals | null, edits: readonly EditRecord[], sessionGapMs: number): EditTotals | null {
  let totals = previous ? { ...previous } : null;
  for (const edit of [...edits].sort((a, b) => a.at - b.at)) {
    if (!totals) {
      totals = { inserted: 0, words: 0, pasted: 0, pastes: 0, deleted: 0, edits: 0, sessions: 1, activeMinutes: 1, firstAt: edit.at, lastAt: edit.at };
    } else {
      if (edit.at - totals.lastAt > sessionGapMs) totals.sessions += 1;
      if (Math.floor(edit.at / minuteMs) > Math.floor(totals.lastAt / minuteMs)) totals.activeMinutes += 1;
      totals.firstAt = Math.min(totals.firstAt, edit.at);
      totals.lastAt = Math.max(totals.lastAt, edit.at);
    }
    totals.inserted += edit.inserted;
    totals.words += edit.words;
    totals.pasted += edit.pasted;
    totals.pastes += edit.pastes;
    totals.deleted += edit.deleted;
    totals.edits += 1;
  }
  return totals;
}

export class ContributionLedger implements CommitHook {
  constructor(private readonly sessionGapMs: number) {}

  async inTransaction(trx: Transaction<Database>, batch: CommittedBatch): Promise<void> {
    if (batch.edits.length === 0) return;
    const { docId } = batch;
    const byUser = new Map<string, EditRecord[]>();
    for (const edit of batch.edits) {
      const list = byUser.get(edit.userId);
      if (list) list.push(edit);
      else byUser.set(edit.userId, [edit]);
    }

    const stored = await trx
      .selectFrom('doc_contributions')
      .selectAll()
      .where('doc_id', '=', docId)
      .where('user_id', 'in', [...byUser.keys()])
      .execute();
    const previous = new Map(stored.map((row) => [row.user_id, totalsOf(row)]));
    for (const [userId, edits] of byUser) {
      const totals = foldEdits(previous.get(userId) ?? null, edits, this.sessionGapMs);
      if (!totals) continue;
      const values = {
        inserted: totals.inserted,
        words: totals.words,
        pasted: totals.pasted,
        pastes: totals.pastes,
        deleted: totals.deleted,
        edits: totals.edits,
        sessions: totals.sessions,
        active_minutes: totals.activeMinutes,
        first_at: totals.firstAt,
        last_at: totals.lastAt,
      };
      await trx
        .insertInto('doc_contributions')
        .values({ doc_id: docId, user_id: userId, ...values })
        .onConflict((oc) => oc.columns(['doc_id', 'user_id']).doUpdateSet(values))
        .execute();
    }

    // The heatmap's hours: added to, never read back here.
    const hours = new Map<string, { user_id: string; hour: number; edits: number; inserted: number; deleted: number }>();
    for (const edit of batch.edits) {
      const hour = Math.floor(edit.at / hourMs);
      const key = `${edit.userId} ${hour}`;
      const bucket = hours.get(key) ?? { user_id: edit.userId, hour, edits: 0, inserted: 0, deleted: 0 };
      bucket.edits += 1;
      bucket.inserted += edit.inserted;
      bucket.deleted += edit.deleted;
      hours.set(key, bucket);
    }
    await trx
      .insertInto('doc_activity')
      .values([...hours.values()].map((bucket) => ({ doc_id: docId, ...bucket })))
      .onConflict((oc) =>
        oc.columns(['doc_id', 'user_id', 'hour']).doUpdateSet((eb) => ({
          edits: eb('doc_activity.edits', '+', eb.ref('excluded.edits')),
          inserted: eb('doc_activity.inserted', '+', eb.ref('excluded.inserted')),
          deleted: eb('doc_activity.deleted', '+', eb.ref('excluded.deleted')),
        })),
      )
      .execute();
  }
}

export function totalsOf(row: Database['doc_contributions']): EditTotals {
  return {
    inserted: Number(row.inserted),
    words: Number(row.words),
    pasted: Number(row.pasted),
    pastes: Number(row.pastes),
    deleted: Number(row.deleted),
    edits: Number(row.edits),
    sessions: Number(row.sessions),
    activeMinutes: Number(row.active_minutes),
    firstAt: Number(row.first_at),
    lastAt: Number(row.last_at),
  };
}
