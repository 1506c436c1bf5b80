import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * Grades adjusted by a teammate evaluation: when an instructor applies the
 * evaluation to team grades, each member's grade is the team's grade times
 * their adjustment factor, capped at the maximum. One row per member and
 * assignment, as applied last: the team's grade and the factor are kept
 * beside the result, so the grade shown (and exported, and sent to the LMS
 * through lti_scores) can be checked by hand, and stays what was applied
 * even if the team changes afterwards. The team is kept on the row for the
 * same reason as on the ratings: a member may move to another team later.
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('teammate_grades')
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // The member's team when the grade was applied.
    .addColumn('team_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('team_grade', 'double precision', (c) => c.notNull())
    .addColumn('score_maximum', 'double precision', (c) => c.notNull())
    // The factor used; null when nobody rated the member (they keep the team's grade).
    .addColumn('factor', 'double precision')
    .addColumn('adjusted', 'double precision', (c) => c.notNull())
    .addColumn('given_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('given_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('teammate_grades_pk', ['assignment_id', 'user_id'])
    .execute();
}
