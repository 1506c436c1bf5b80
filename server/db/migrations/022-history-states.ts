import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * What compare and restore start from instead of replaying a document's
 * whole log (features/versions/history-states.ts):
 *
 * - `doc_history_states`: per document, its state without garbage
 *   collection (every item ever written, deleted text with its content)
 *   after row `last_update_id`, advanced from time to time;
 * - `doc_deletions`: who deleted what, one row per range of Yjs ids that a
 *   row of the log deleted first, written as the state advances past it.
 */
export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  const blob = kind === 'postgres' ? 'bytea' : 'blob';
  await db.schema
    .createTable('doc_history_states')
    .addColumn('doc_id', 'text', (c) => c.primaryKey().references('documents.id').onDelete('cascade'))
    .addColumn('last_update_id', 'bigint', (c) => c.notNull())
    .addColumn('state', blob, (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('doc_deletions')
    .addColumn('doc_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('update_id', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('client', 'bigint', (c) => c.notNull())
    .addColumn('clock', 'bigint', (c) => c.notNull())
    .addColumn('len', 'bigint', (c) => c.notNull())
    .execute();
  // A comparison asks, per client, for the ids below the older moment's clock.
  await db.schema.createIndex('doc_deletions_doc').on('doc_deletions').columns(['doc_id', 'client', 'clock']).execute();
}
