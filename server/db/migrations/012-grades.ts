import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * What the LMS services need kept beyond a launch: where an LMS course lists
 * its groups (the course groups service, offered by some platforms only),
 * and the scores an instructor gave in Commonplace, with whether and when
 * each reached the LMS gradebook, so the class view shows what was sent
 * and what failed.
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  // The course groups service's context_groups_url from the last launch; null when not offered.
  await db.schema.alterTable('lti_contexts').addColumn('groups_url', 'text').execute();

  // One score per learner and assignment; a team's score is given to each of its learners.
  await db.schema
    .createTable('lti_scores')
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('score_given', 'double precision', (c) => c.notNull())
    .addColumn('score_maximum', 'double precision', (c) => c.notNull())
    .addColumn('given_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('given_at', 'bigint', (c) => c.notNull())
    // When this score last reached the LMS; null until it has.
    .addColumn('sent_at', 'bigint')
    // Why the last sending failed (or that the learner has no LMS account); null when it reached the LMS.
    .addColumn('send_error', 'text')
    .addPrimaryKeyConstraint('lti_scores_pk', ['assignment_id', 'user_id'])
    .execute();
}
