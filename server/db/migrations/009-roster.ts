import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * What a course's imported roster said of each learner, by email: the other
 * columns of their row (a section, a programme), which can balance teams
 * formed automatically later, and, for an address that had no account yet,
 * the team it is placed in when it signs up (the invite itself is an email
 * invite of the course). One row per course and address: a later import
 * replaces it.
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('roster_entries')
    .addColumn('course_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    // JSON: {"<column>": "<value>"}.
    .addColumn('attributes', 'text', (c) => c.notNull())
    // The team to join at sign-up; null once taken up, or when there is none.
    .addColumn('pending_team_id', 'text', (c) => c.references('groups.id').onDelete('set null'))
    .addColumn('imported_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('roster_entries_pk', ['course_id', 'email'])
    .execute();
  await db.schema.createIndex('roster_entries_email').on('roster_entries').column('email').execute();
}
