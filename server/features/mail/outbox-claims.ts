import { sql, type Kysely, type Selectable } from 'kysely';
import type { Store } from '../../db/database';
import type { Database, OutboxMessagesTable } from '../../db/schema';

export type OutboxMessage = Selectable<OutboxMessagesTable>;

/** A worker's hold on the messages it claimed: who holds them, and until when. */
export interface Claim {
  instance: string;
  until: number;
}

/**
 * Claims up to `limit` due messages for one worker, in one statement, so two
 * workers (in this instance or another) never hold the same message: due is
 * queued and past its next attempt, or being sent by a worker whose claim
 * ran out (its instance died mid-send). The claim lasts `claim.until`.
 *
 * PostgreSQL: the inner SELECT locks the rows it picks and skips rows
 * another transaction has locked (FOR UPDATE SKIP LOCKED), so concurrent
 * workers take different messages instead of waiting on each other.
 * SQLite: one writer at a time, so the UPDATE's own reading is the claim.
 */
export async function claimDue(store: Pick<Store, 'db' | 'kind'>, claim: Claim, now: number, limit: number): Promise<OutboxMessage[]> {
  const lock = store.kind === 'postgres' ? sql` for update skip locked` : sql``;
  const result = await sql<OutboxMessage>`
    update outbox_messages
    set status = 'sending', claimed_by = ${claim.instance}, claimed_until = ${claim.until}, attempts = attempts + 1
    where id in (
      select id from outbox_messages
      where (status = 'queued' and next_attempt_at <= ${now})
         or (status = 'sending' and claimed_until <= ${now})
      order by next_attempt_at
      limit ${limit}${lock}
    )
    returning *`.execute(store.db);
  return result.rows;
}

/**
 * Records a message sent; `claimed_by` stays, naming the worker that sent
 * it. Sent is final whoever sent it, so this does not ask whose claim it
 * was (a slow worker whose claim ran out may finish after another took
 * over; both sent it).
 */
export async function recordSent(db: Kysely<Database>, id: string, instance: string, now: number): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set({ status: 'sent', sent_at: now, claimed_by: instance, claimed_until: null, last_error: null })
    .where('id', '=', id)
    .execute();
}

/**
 * Puts a message back in the queue for another try at `at`, or gives up on
 * it. Only while this worker's claim still holds: a message another worker
 * took over (or sent meanwhile) is left as that worker leaves it.
 */
export async function recordFailure(
  db: Kysely<Database>,
  id: string,
  claim: Claim,
  outcome: { retryAt: number; error: string } | { failed: true; error: string },
): Promise<boolean> {
  const result = await db
    .updateTable('outbox_messages')
    .set(
      'failed' in outcome
        ? { status: 'failed', last_error: outcome.error, claimed_by: null, claimed_until: null }
        : { status: 'queued', next_attempt_at: outcome.retryAt, last_error: outcome.error, claimed_by: null, claimed_until: null },
    )
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('claimed_by', '=', claim.instance)
    .where('claimed_until', '=', claim.until)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
