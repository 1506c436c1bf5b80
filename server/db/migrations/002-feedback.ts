import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/** Inline feedback: annotation tags, threads, replies, mentions and status changes. */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  const time = 'bigint' as const;

  await db.schema
    .createTable('annotation_tags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('archived_at', time)
    .addUniqueConstraint('annotation_tags_name', ['group_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('threads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('doc_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('tag_id', 'text', (c) => c.references('annotation_tags.id'))
    .addColumn('replacement', 'text')
    .addColumn('anchor_start', 'text', (c) => c.notNull())
    .addColumn('anchor_end', 'text', (c) => c.notNull())
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('suffix', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_by', 'text', (c) => c.references('users.id'))
    .addColumn('status_at', time)
    .addColumn('anchored_by', 'text', (c) => c.references('users.id'))
    .addColumn('anchored_at', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('edited_at', time)
    .addColumn('deleted_at', time)
    .execute();
  await db.schema.createIndex('threads_doc').on('threads').columns(['doc_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('threads_group').on('threads').columns(['group_id', 'created_at']).execute();

  await db.schema
    .createTable('thread_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('edited_at', time)
    .execute();
  await db.schema.createIndex('thread_replies_thread').on('thread_replies').columns(['thread_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('thread_mentions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('reply_id', 'text', (c) => c.references('thread_replies.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('thread_mentions_thread').on('thread_mentions').columns(['thread_id', 'reply_id']).execute();
  await db.schema.createIndex('thread_mentions_user').on('thread_mentions').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('thread_status_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('thread_id', 'text', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('thread_status_changes_thread')
    .on('thread_status_changes')
    .columns(['thread_id', 'created_at'])
    .execute();
}
