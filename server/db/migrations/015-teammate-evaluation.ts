import { type Kysely, sql } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * Teammate evaluation: at the end of an assignment each learner of a team
 * rates themselves and each teammate on five teamwork dimensions, 1 to 5,
 * with an optional comment only instructors read. One row per rating (the
 * assignment, who rated, who was rated), written once, the whole set in one
 * transaction; the team is kept on the row so that ratings given in a team
 * someone later left can be told apart from the team they are in now.
 *
 * Learners see their own aggregated result once an instructor released the
 * assignment's evaluation: one row per assignment, written at the release.
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('teammate_ratings')
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    // The rater's team when they rated.
    .addColumn('team_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('rater_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // The rater themselves for the self-rating.
    .addColumn('ratee_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // The five teamwork dimensions, each 1 to 5.
    .addColumn('contributing', 'integer', (c) => c.notNull())
    .addColumn('interacting', 'integer', (c) => c.notNull())
    .addColumn('keeping_on_track', 'integer', (c) => c.notNull())
    .addColumn('expecting_quality', 'integer', (c) => c.notNull())
    .addColumn('knowledge_skills', 'integer', (c) => c.notNull())
    // For the course's instructors only; null when none was left.
    .addColumn('comment', 'text')
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    // Per team: a learner moved to another team rates their new team too.
    .addPrimaryKeyConstraint('teammate_ratings_pk', ['assignment_id', 'team_id', 'rater_id', 'ratee_id'])
    .addCheckConstraint(
      'teammate_ratings_scores',
      sql`contributing between 1 and 5 and interacting between 1 and 5 and keeping_on_track between 1 and 5 and expecting_quality between 1 and 5 and knowledge_skills between 1 and 5`,
    )
    .execute();

  await db.schema
    .createTable('teammate_evaluation_releases')
    .addColumn('assignment_id', 'text', (c) => c.primaryKey().references('assignments.id').onDelete('cascade'))
    .addColumn('released_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('released_at', 'bigint', (c) => c.notNull())
    .execute();
}
