import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * Peer review between teams, its first part: rubrics and who reviews whom.
 *
 * A rubric belongs to a course and is reused by its assignments; its
 * criteria and levels are one JSON definition, validated as a whole on the
 * way in (shared/schemas/rubrics.ts), since they are only ever read and
 * written whole.
 *
 * An assignment's review stage names its rubric and K; a rubric in use
 * cannot be deleted (the service answers 409 first; the reference refuses
 * it too). Each allocation row is one team reviewing another team's copy;
 * `reviewer_index` is that reviewer's number for the reviewed team
 * ("Reviewer 1, 2..."), unique per reviewed team, and stays with the review
 * when an instructor moves it to another team.
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  const time = 'bigint' as const;

  await db.schema
    .createTable('rubrics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    // JSON: {title, criteria: [{title, description, levels: [{label, description, points}]}]}.
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rubrics_course').on('rubrics').columns(['course_id', 'created_at']).execute();

  await db.schema
    .createTable('peer_review_stages')
    .addColumn('assignment_id', 'text', (c) => c.primaryKey().references('assignments.id').onDelete('cascade'))
    .addColumn('rubric_id', 'text', (c) => c.notNull().references('rubrics.id'))
    // Reviews per team asked for when it was made (moves by hand may leave a team one more or fewer).
    .addColumn('k', 'integer', (c) => c.notNull())
    // The shuffle's seed: the same seed and teams make the same allocation.
    .addColumn('seed', time, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('peer_review_stages_rubric').on('peer_review_stages').column('rubric_id').execute();

  await db.schema
    .createTable('peer_review_allocations')
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('peer_review_stages.assignment_id').onDelete('cascade'))
    .addColumn('reviewee_team_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('reviewer_team_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('reviewer_index', 'integer', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('peer_review_allocations_pk', ['assignment_id', 'reviewee_team_id', 'reviewer_team_id'])
    .addUniqueConstraint('peer_review_allocations_index', ['assignment_id', 'reviewee_team_id', 'reviewer_index'])
    .execute();
  await db.schema.createIndex('peer_review_allocations_reviewer').on('peer_review_allocations').columns(['assignment_id', 'reviewer_team_id']).execute();
}
