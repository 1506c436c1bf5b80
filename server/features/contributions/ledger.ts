import { sql, type Transaction } from 'kysely';
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

    // Every commit runs these: written as SQL, not built (sync/update-log.ts says why).
    const stored = await sql<Database['doc_contributions']>`select * from doc_contributions
      where doc_id = ${docId} and user_id in (${sql.join([...byUser.keys()])})`.execute(trx);
    const previous = new Map(stored.rows.map((row) => [row.user_id, totalsOf(row)]));
    const totalsRows = [];
    for (const [userId, edits] of byUser) {
      const totals = foldEdits(previous.get(userId) ?? null, edits, this.sessionGapMs);
      if (!totals) continue;
      const { inserted, words, pasted, pastes, deleted, edits: count, sessions, activeMinutes, firstAt, lastAt } = totals;
      totalsRows.push(
        sql`(${docId}, ${userId}, ${inserted}, ${words}, ${pasted}, ${pastes}, ${deleted}, ${count}, ${sessions}, ${activeMinutes}, ${firstAt}, ${lastAt})`,
      );
    }
    if (totalsRows.length > 0) {
      await sql`insert into doc_contributions
          (doc_id, user_id, inserted, words, pasted, pastes, deleted, edits, sessions, active_minutes, first_at, last_at)
        values ${sql.join(totalsRows)}
        on conflict (doc_id, user_id) do update set
          inserted = excluded.inserted, words = excluded.words, pasted = excluded.pasted, pastes = excluded.pastes,
          deleted = excluded.deleted, edits = excluded.edits, sessions = excluded.sessions,
          active_minutes = excluded.active_minutes, first_at = excluded.first_at, last_at = excluded.last_at`.execute(trx);
    }

    // The heatmap's hours: added to, never read back here.
    const hours = new Map<string, { userId: string; hour: number; edits: number; inserted: number; deleted: number }>();
    for (const edit of batch.edits) {
      const hour = Math.floor(edit.at / hourMs);
      const key = `${edit.userId} ${hour}`;
      const bucket = hours.get(key) ?? { userId: edit.userId, hour, edits: 0, inserted: 0, deleted: 0 };
      bucket.edits += 1;
      bucket.inserted += edit.inserted;
      bucket.deleted += edit.deleted;
      hours.set(key, bucket);
    }
    const hourRows = [...hours.values()].map((bucket) => sql`(${docId}, ${bucket.userId}, ${bucket.hour}, ${bucket.edits}, ${bucket.inserted}, ${bucket.deleted})`);
    await sql`insert into doc_activity (doc_id, user_id, hour, edits, inserted, deleted)
      values ${sql.join(hourRows)}
      on conflict (doc_id, user_id, hour) do update set
        edits = doc_activity.edits + excluded.edits,
        inserted = doc_activity.inserted + excluded.inserted,
        deleted = doc_activity.deleted + excluded.deleted`.execute(trx);
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
