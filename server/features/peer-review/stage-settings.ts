import type { Kysely } from 'kysely';
import type { ReviewAnonymity } from '../../../shared/schemas/peer-reviews';
import type { Database, PeerReviewStageRow } from '../../db/schema';
import { badRequest, conflict } from '../../errors';

/**
 * An assignment's peer review stage settings: who is hidden from whom,
 * when it opens by itself and when reviews are due.
 *
 * - Anonymity changes only until the stage opens: from then on the rooms'
 *   aliases and what each side has read were given under it.
 * - The opening time changes only until it opens (after, it has no use).
 * - A time set is never in the past (it would open or close at once, by
 *   surprise), and the due time comes after the opening time: reviews need
 *   time to be written.
 * - The allocation no longer changes once the stage opened (`refuseOnceOpened`):
 *   the reviews and their rooms were made from it.
 */
export interface StageSettings {
  anonymity?: ReviewAnonymity;
  dueAt?: number | null;
  opensAt?: number | null;
}

/** 400 naming the time at fault when `settings` would set a time in the past or a due time not after the opening time. */
export function checkStageTimes(settings: StageSettings, current: { dueAt: number | null; opensAt: number | null; opened: boolean }, now: number): void {
  if (settings.opensAt != null && settings.opensAt < now) {
    throw badRequest('The opening time has passed: choose a time to come, or open the reviews now.', { opensAt: 'In the past.' });
  }
  if (settings.dueAt != null && settings.dueAt <= now) {
    throw badRequest('The due time has passed: choose a time to come.', { dueAt: 'In the past.' });
  }
  const dueAt = settings.dueAt === undefined ? current.dueAt : settings.dueAt;
  const opensAt = settings.opensAt === undefined ? current.opensAt : settings.opensAt;
  if (!current.opened && dueAt !== null && opensAt !== null && dueAt <= opensAt) {
    throw badRequest('Reviews would be due before they open: choose a due time after the opening time.', { dueAt: 'Not after the opening time.' });
  }
}

/** 409 once the stage has opened: what `what` would change was used to make its reviews. */
export function refuseOnceOpened(stage: Pick<PeerReviewStageRow, 'opened_at'>, what: string): void {
  if (stage.opened_at !== null) {
    throw conflict(`The reviews opened on ${new Date(Number(stage.opened_at)).toISOString()}, so ${what} no longer changes: the reviews were made from it.`);
  }
}

/** Applies `settings` to the stage, refusing what the rules above refuse; 409 without a stage. */
export async function changeStageSettings(db: Kysely<Database>, assignmentId: string, requested: StageSettings, now: number): Promise<void> {
  const stage = await db.selectFrom('peer_review_stages').selectAll().where('assignment_id', '=', assignmentId).executeTakeFirst();
  if (!stage) throw conflict('This assignment has no peer review yet: make its allocation first.');
  const current = { dueAt: stage.due_at === null ? null : Number(stage.due_at), opensAt: stage.opens_at === null ? null : Number(stage.opens_at), opened: stage.opened_at !== null };
  // Only what changes is checked: a page sending every setting back as it is changes nothing, and is not refused for it.
  const settings: StageSettings = {
    anonymity: requested.anonymity !== undefined && requested.anonymity !== stage.anonymity ? requested.anonymity : undefined,
    dueAt: requested.dueAt !== undefined && requested.dueAt !== current.dueAt ? requested.dueAt : undefined,
    opensAt: requested.opensAt !== undefined && requested.opensAt !== current.opensAt ? requested.opensAt : undefined,
  };
  if (settings.anonymity !== undefined) refuseOnceOpened(stage, 'who is hidden from whom');
  if (settings.opensAt !== undefined) refuseOnceOpened(stage, 'the opening time');
  checkStageTimes(settings, current, now);
  await db
    .updateTable('peer_review_stages')
    .set({
      ...(settings.anonymity !== undefined ? { anonymity: settings.anonymity } : {}),
      ...(settings.dueAt !== undefined ? { due_at: settings.dueAt } : {}),
      ...(settings.opensAt !== undefined ? { opens_at: settings.opensAt } : {}),
      updated_at: now,
    })
    .where('assignment_id', '=', assignmentId)
    .execute();
}
