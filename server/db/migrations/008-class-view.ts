import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * What each document's text comes to now, per author, as of one row of its
 * update log: the class view reads it for every team's copy instead of
 * rebuilding sixty documents per request. A row is refreshed when the log
 * has moved past `last_update_id` (features/assignments/written-text.ts),
 * so it can be stale but never wrong about what it says it reflects.
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('doc_written_text')
    .addColumn('doc_id', 'text', (c) => c.primaryKey().references('documents.id').onDelete('cascade'))
    // The last doc_updates row the figures include (0: none yet).
    .addColumn('last_update_id', 'bigint', (c) => c.notNull())
    .addColumn('characters', 'integer', (c) => c.notNull())
    .addColumn('words', 'integer', (c) => c.notNull())
    // JSON: {"<userId>": [characters, words], ...} for every author with text in the document now.
    .addColumn('authors', 'text', (c) => c.notNull())
    .addColumn('refreshed_at', 'bigint', (c) => c.notNull())
    .execute();
}
