import type { Kysely } from 'kysely';
import { type HomeAssignment, homeLimits } from '../../../shared/schemas/home';
import type { Database } from '../../db/schema';
import { teamDue } from './due-times';
import { copiesMembersWrote, teamStatus } from './status';

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The assignments of the teams `userId` is a member of, for the home page:
 * each with its course, the team, the team's copy, due time and status at
 * `at`. Those due more than `homeLimits.pastDueDays` ago are left out (the
 * course page still lists them); soonest due first, at most
 * `homeLimits.assignments`.
 */
export async function homeAssignments(db: Kysely<Database>, userId: string, at: number): Promise<HomeAssignment[]> {
  const since = at - homeLimits.pastDueDays * dayMs;
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('groups as team', 'team.id', 'memberships.group_id')
    .innerJoin('groups as course', 'course.id', 'team.parent_id')
    .innerJoin('assignments', 'assignments.course_id', 'course.id')
    .leftJoin('assignment_teams', (join) =>
      join.onRef('assignment_teams.assignment_id', '=', 'assignments.id').onRef('assignment_teams.team_id', '=', 'team.id'),
    )
    .leftJoin('submissions', (join) =>
      join.onRef('submissions.assignment_id', '=', 'assignments.id').onRef('submissions.team_id', '=', 'team.id'),
    )
    .select([
      'assignments.id',
      'assignments.title',
      'assignments.opens_at',
      'assignments.due_at',
      'assignments.lock_at_due',
      'course.id as course_id',
      'course.name as course_name',
      'team.id as team_id',
      'team.name as team_name',
      'assignment_teams.doc_id',
      'assignment_teams.due_at as team_due_at',
      'assignment_teams.reopened_at',
      'submissions.submitted_at',
    ])
    .where('memberships.user_id', '=', userId)
    .where('memberships.role', '=', 'member')
    // An archived team or course is out of use: its copies leave the home page with it.
    .where('team.archived_at', 'is', null)
    .where('course.archived_at', 'is', null)
    .where((eb) => eb.or([eb('assignments.due_at', '>=', since), eb('assignment_teams.due_at', '>=', since)]))
    .orderBy('assignments.due_at')
    .orderBy('assignments.id')
    .limit(homeLimits.assignments)
    .execute();
  const wrote = await copiesMembersWrote(db, rows.flatMap((row) => (row.doc_id ? [row.doc_id] : [])));
  return rows.map((row) => {
    const due = teamDue(
      {
        assignmentDueAt: Number(row.due_at),
        lockAtDue: Number(row.lock_at_due) === 1,
        teamDueAt: row.team_due_at === null ? null : Number(row.team_due_at),
        reopenedAt: row.reopened_at === null ? null : Number(row.reopened_at),
      },
      at,
    );
    const submittedAt = row.submitted_at === null ? null : Number(row.submitted_at);
    return {
      id: row.id,
      title: row.title,
      course: { id: row.course_id, name: row.course_name },
      team: { id: row.team_id, name: row.team_name, parentId: row.course_id },
      docId: row.doc_id,
      status: teamStatus({ due, submittedAt, membersWrote: row.doc_id !== null && wrote.has(row.doc_id) }),
      opensAt: Number(row.opens_at),
      dueAt: due.dueAt,
      locked: due.locked,
      submittedAt,
    };
  });
}
