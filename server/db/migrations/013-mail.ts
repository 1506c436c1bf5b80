import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * Reaching people who are away: the outbox every mail goes through, the
 * runs of scheduled work, password reset tokens, notifications (the in-app
 * inbox, and what mail is owed), each member's notification settings, and
 * the server's own secrets (the key that signs unsubscribe links).
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  // A mail waiting to go, going, sent or given up on. It is written in the
  // same transaction as what caused it, so nothing is lost between the two;
  // `idempotency_key` (recipient and cause) makes queuing it twice a no-op.
  await db.schema
    .createTable('outbox_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    // The account it is for; null for an address without one. Its mail goes with a deleted account.
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    // What the mail is (password-reset, notifications, digest, reminder, ...), for logs and counts.
    .addColumn('kind', 'text', (c) => c.notNull())
    // The setting a one-click unsubscribe in this mail turns off; null when it has none (a password reset).
    .addColumn('unsubscribe_kind', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    // queued, sending, sent or failed.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    // A claim by one instance's worker lasts until then; a crashed instance's claim runs out.
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema.createIndex('outbox_messages_due').on('outbox_messages').columns(['status', 'next_attempt_at']).execute();

  // One row per run of a scheduled job: whoever inserts it runs it, so
  // several instances never run the same one twice.
  await db.schema
    .createTable('scheduled_runs')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addPrimaryKeyConstraint('scheduled_runs_pk', ['name', 'run_at'])
    .execute();

  // A one-time password reset link, stored as the SHA-256 of its token.
  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();

  // Something that happened for one member: in the inbox until read, and
  // in a mail unless they saw it in the app first.
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // A notification kind: replies, mentions, suggestions, decisions, reminders.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('group_id', 'text', (c) => c.references('groups.id').onDelete('cascade'))
    .addColumn('doc_id', 'text', (c) => c.references('documents.id').onDelete('cascade'))
    .addColumn('thread_id', 'text', (c) => c.references('threads.id').onDelete('cascade'))
    // What caused it (a reply's id, a thread's id and status...), so one cause notifies a member once.
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    // A path in the app, to the exact place.
    .addColumn('link', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    // When a mail took it, or it was settled without one (seen in the app, or the member's settings say no mail).
    .addColumn('mailed_at', 'bigint')
    .addUniqueConstraint('notifications_once', ['user_id', 'cause'])
    .execute();
  await db.schema.createIndex('notifications_inbox').on('notifications').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('notifications_unmailed').on('notifications').columns(['mailed_at', 'created_at']).execute();

  // A member's choices; no row means the defaults.
  await db.schema
    .createTable('notification_settings')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('replies', 'text', (c) => c.notNull())
    .addColumn('mentions', 'text', (c) => c.notNull())
    .addColumn('suggestions', 'text', (c) => c.notNull())
    .addColumn('decisions', 'text', (c) => c.notNull())
    .addColumn('reminders', 'text', (c) => c.notNull())
    .addColumn('digest_frequency', 'text', (c) => c.notNull())
    .addColumn('digest_hour', 'integer', (c) => c.notNull())
    .addColumn('digest_weekday', 'integer', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('quiet_start', 'integer')
    .addColumn('quiet_end', 'integer')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // Secrets the instances share, made once by whichever needs one first.
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
