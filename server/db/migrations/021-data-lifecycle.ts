import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * What schools must be able to answer for: archiving before deleting, a
 * deleted account's tombstone, and who did what to a course.
 *
 * - `archived_at`/`archived_by` on documents, projects and groups (courses,
 *   teams and groups on their own): an archived thing is hidden and
 *   read-only, restorable for 30 days, then deleted for good.
 * - `users.deleted_at`: an account deleted by its owner keeps its row (its
 *   id is the author of text that stays in the team's documents) with the
 *   personal data erased; the product names it "Former member".
 * - `audit_entries`: one row per role change, removal, deletion,
 *   restoration or data export in a course (or a group on its own), read by
 *   that course's instructors. `course_id` is not a foreign key: the entries
 *   must outlive what they describe, the course itself included.
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  for (const table of ['documents', 'projects', 'groups']) {
    await db.schema.alterTable(table).addColumn('archived_at', 'bigint').execute();
    await db.schema.alterTable(table).addColumn('archived_by', 'text').execute();
  }
  await db.schema.alterTable('users').addColumn('deleted_at', 'bigint').execute();

  await db.schema
    .createTable('audit_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull())
    // Null when the actor's account has since been deleted.
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    // What the action was done to: 'member', 'document', 'project', 'team', 'course', 'account'.
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    // A short JSON object of what the entry needs to be read later (names, roles), never a document's text.
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_entries_course').on('audit_entries').columns(['course_id', 'created_at']).execute();
}
