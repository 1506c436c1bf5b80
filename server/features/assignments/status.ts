import type { Kysely } from 'kysely';
import type { AssignmentStatus } from '../../../shared/schemas/courses';
import type { Database } from '../../db/schema';
import type { TeamDue } from './due-times';

/**
 * Where a team stands on an assignment at time `at` (the rule of
 * `assignmentStatuses` in shared/schemas/courses.ts):
 * - a submission made before the team's due time is `submitted`, one made
 *   at or after it `late` (a reopened or late-accepting copy);
 * - with no submission: `locked` once the copy is locked, `late` once the
 *   due time passed without a lock (late work accepted, or reopened);
 * - before the due time: `in-progress` once a member wrote in the copy,
 *   `not-started` until then (the template, written as the assignment's
 *   creator, is nobody's start).
 */
export function teamStatus(team: { due: TeamDue; submittedAt: number | null; membersWrote: boolean }): AssignmentStatus {
  const { due, submittedAt, membersWrote } = team;
  if (submittedAt !== null) return submittedAt < due.dueAt ? 'submitted' : 'late';
  if (due.locked) return 'locked';
  if (due.past) return 'late';
  return membersWrote ? 'in-progress' : 'not-started';
}

/**
 * The copies among `docIds` in which a member of their team (a learner, not
 * an instructor, who are in every team) has written or deleted anything.
 * Read from the contribution totals kept with every stored update.
 */
export async function copiesMembersWrote(db: Kysely<Database>, docIds: readonly string[]): Promise<Set<string>> {
  if (docIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('doc_contributions')
    .innerJoin('assignment_teams', 'assignment_teams.doc_id', 'doc_contributions.doc_id')
    .innerJoin('memberships', (join) =>
      join.onRef('memberships.group_id', '=', 'assignment_teams.team_id').onRef('memberships.user_id', '=', 'doc_contributions.user_id'),
    )
    .select('doc_contributions.doc_id')
    .distinct()
    .where('doc_contributions.doc_id', 'in', [...docIds])
    .where('memberships.role', '=', 'member')
    .where((eb) => eb.or([eb('doc_contributions.inserted', '>', 0), eb('doc_contributions.deleted', '>', 0)]))
    .execute();
  return new Set(rows.map((row) => row.doc_id));
}
