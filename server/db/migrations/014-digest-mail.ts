import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * The digest by email: per member, the last digest time that was handled
 * (so one scheduled time gives at most one mail, and a later run does not
 * send an old one again), and how far their last digest mail reached in the
 * event log (so the next one tells only what is new since then, not the
 * same items every day to a member who does not open the app).
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('digest_mails')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    // The member's scheduled digest time (ms) last handled, whether a mail went or there was nothing new.
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    // The newest event id the last digest mail covered; null before the first mail.
    .addColumn('mailed_up_to', 'bigint')
    .addColumn('mailed_at', 'bigint')
    .execute();
}
