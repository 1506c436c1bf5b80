import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * Contributions and versions: totals kept as updates are stored,
 * activity per hour for the heatmap, and the document's versions.
 */
export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  const time = 'bigint' as const;
  const blob = kind === 'postgres' ? ('bytea' as const) : ('blob' as const);

  await db.schema
    .createTable('doc_contributions')
    .addColumn('doc_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('inserted', 'integer', (c) => c.notNull())
    .addColumn('words', 'integer', (c) => c.notNull())
    .addColumn('pasted', 'integer', (c) => c.notNull())
    .addColumn('pastes', 'integer', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull())
    .addColumn('edits', 'integer', (c) => c.notNull())
    .addColumn('sessions', 'integer', (c) => c.notNull())
    .addColumn('active_minutes', 'integer', (c) => c.notNull())
    .addColumn('first_at', time, (c) => c.notNull())
    .addColumn('last_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('doc_contributions_pk', ['doc_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('doc_activity')
    .addColumn('doc_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('hour', time, (c) => c.notNull())
    .addColumn('edits', 'integer', (c) => c.notNull())
    .addColumn('inserted', 'integer', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('doc_activity_pk', ['doc_id', 'user_id', 'hour'])
    .execute();

  await db.schema
    .createTable('doc_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('doc_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('last_update_id', time)
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', blob)
    .addColumn('session_end', time)
    .execute();
  await db.schema.createIndex('doc_versions_doc').on('doc_versions').columns(['doc_id', 'created_at', 'id']).execute();
  // One automatic version per ended session, however many times its end is noticed.
  await db.schema.createIndex('doc_versions_session').on('doc_versions').columns(['doc_id', 'session_end']).unique().execute();

  // "The document at time T" finds its last row by time.
  await db.schema.createIndex('doc_updates_doc_time').on('doc_updates').columns(['doc_id', 'created_at']).execute();
}
