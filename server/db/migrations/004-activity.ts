import { type Kysely, sql } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * The activity feed: the event log, who needs to hear of which
 * event, read positions, document visits and editing sessions.
 */
export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  const time = 'bigint' as const;
  const serial = kind === 'postgres' ? ('bigserial' as const) : ('integer' as const);

  await db.schema
    .createTable('events')
    .addColumn('id', serial, (c) => (kind === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('cascade'))
    .addColumn('doc_id', 'text', (c) => c.references('documents.id').onDelete('cascade'))
    .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    // A thread or reply deleted for good takes its events along (a tombstone keeps them).
    .addColumn('thread_id', 'text', (c) => c.references('threads.id').onDelete('cascade'))
    .addColumn('reply_id', 'text', (c) => c.references('thread_replies.id').onDelete('cascade'))
    .addColumn('subject_id', 'text', (c) => c.references('users.id'))
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('audience_id', 'text', (c) => c.references('users.id'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  // A group's feed reads backwards from its newest event.
  await db.schema.createIndex('events_group').on('events').columns(['group_id', 'id']).execute();
  // Team health looks at who did what in one group's last seven days (covering: no table reads).
  await db.schema.createIndex('events_group_time').on('events').columns(['group_id', 'created_at', 'type', 'actor_id']).execute();
  await db.schema.createIndex('events_doc').on('events').columns(['doc_id', 'id']).execute();
  // For the cascades from threads and replies.
  await db.schema.createIndex('events_thread').on('events').columns(['thread_id']).execute();
  await db.schema.createIndex('events_reply').on('events').columns(['reply_id']).execute();

  await db.schema
    .createTable('event_recipients')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('event_id', time, (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_recipients_pk', ['user_id', 'event_id'])
    .execute();
  await db.schema.createIndex('event_recipients_event').on('event_recipients').columns(['event_id']).execute();

  await db.schema
    .createTable('feed_reads')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('last_seen_event_id', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('feed_reads_pk', ['user_id', 'group_id'])
    .execute();

  await db.schema
    .createTable('doc_visits')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('doc_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('last_update_id', time, (c) => c.notNull())
    .addColumn('last_event_id', time, (c) => c.notNull())
    .addColumn('visited_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('doc_visits_pk', ['user_id', 'doc_id'])
    .execute();

  await db.schema
    .createTable('edit_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('doc_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('first_update_id', time, (c) => c.notNull())
    .addColumn('last_update_id', time, (c) => c.notNull())
    .addColumn('started_at', time, (c) => c.notNull())
    .addColumn('last_edit_at', time, (c) => c.notNull())
    .addColumn('chars_added', 'integer')
    .addColumn('chars_removed', 'integer')
    .addColumn('event_id', time)
    .execute();
  await db.schema.createIndex('edit_sessions_doc_user').on('edit_sessions').columns(['doc_id', 'user_id', 'last_update_id']).execute();
  await db.schema.createIndex('edit_sessions_due').on('edit_sessions').columns(['event_id', 'last_edit_at']).execute();
  // Team health sums the week's characters per writer (covering).
  await db.schema
    .createIndex('edit_sessions_group')
    .on('edit_sessions')
    .columns(['group_id', 'last_edit_at', 'user_id', 'chars_added'])
    .execute();
  // Team health counts a group's open threads by age.
  await db.schema.createIndex('threads_group_status').on('threads').columns(['group_id', 'status', 'created_at']).execute();

  // How far background work has read the update log (e.g. 'edit-sessions': the last row turned into sessions).
  await db.schema
    .createTable('activity_progress')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', time, (c) => c.notNull())
    .execute();
  // Editing done before the feed existed is nobody's news: sessions start from the log as it is now.
  await sql`insert into activity_progress (name, value) select 'edit-sessions', coalesce(max(id), 0) from doc_updates`.execute(db);
}
