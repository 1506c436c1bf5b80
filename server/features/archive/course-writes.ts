import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Role } from '../../../shared/permissions';
import { groupMarks, refuseArchivedWrite } from './archived-state';

/**
 * An archived course is read-only, its assignments, rubrics, peer review,
 * teammate evaluation, teams and LMS links included. The instructors' pages
 * read these with the same capability (`setAssignments`) they are changed
 * with, so the permission table cannot tell the two apart: every request
 * that may change something (any method but GET and HEAD) on these paths is
 * refused instead (409) while the course is archived
 * (course-write-routes.ts guards these paths). Member management, archiving and restoring live
 * on other paths and stay open.
 *
 * Only the course's members are told it is archived; anyone else goes on
 * to the route, which answers them as it would (401, or 404 for a course
 * they may not see).
 */

export type CourseOf = (db: Kysely<Database>, id: string) => Promise<string | undefined>;

const itself: CourseOf = async (_db, id) => id;
const ofAssignment: CourseOf = async (db, id) =>
  (await db.selectFrom('assignments').select('course_id').where('id', '=', id).executeTakeFirst())?.course_id;
const ofRubric: CourseOf = async (db, id) =>
  (await db.selectFrom('rubrics').select('course_id').where('id', '=', id).executeTakeFirst())?.course_id;
const ofReview: CourseOf = async (db, id) =>
  (
    await db
      .selectFrom('peer_reviews')
      .innerJoin('assignments', 'assignments.id', 'peer_reviews.assignment_id')
      .select('assignments.course_id')
      .where('peer_reviews.id', '=', id)
      .executeTakeFirst()
  )?.course_id;

/** Hono path patterns, each with how its `:id` leads to its course. */
export const courseWritePaths: readonly (readonly [pattern: string, courseOf: CourseOf])[] = [
  ['/api/groups/:id/assignments', itself],
  ['/api/groups/:id/rubrics', itself],
  ['/api/groups/:id/rubrics/*', itself],
  ['/api/groups/:id/teams', itself],
  ['/api/groups/:id/teams/*', itself],
  ['/api/groups/:id/roster', itself],
  ['/api/groups/:id/self-signup', itself],
  ['/api/groups/:id/lti/*', itself],
  ['/api/assignments/:id', ofAssignment],
  ['/api/assignments/:id/*', ofAssignment],
  ['/api/rubrics/:id', ofRubric],
  ['/api/peer-reviews/:id', ofReview],
  ['/api/peer-reviews/:id/*', ofReview],
];

/** Refuses (409) a change to what a course holds while it is archived, if `role` is a role in it (a member's). */
export async function refuseChangeInArchivedCourse(db: Kysely<Database>, role: Role | null, courseId: string): Promise<void> {
  if (!role) return;
  // The group these paths name is a course: its own mark is the course's.
  await refuseArchivedWrite('createContent', async () => {
    const marks = await groupMarks(db, courseId);
    return { group: null, course: marks.course ?? marks.group };
  });
}
