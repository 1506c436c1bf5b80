import type { Kysely } from 'kysely';
import type { AssignmentStatus } from '../../../shared/schemas/courses';
import type { AssignmentRow, Database, DocumentRow, GroupRow } from '../../db/schema';
import { teamDue, type TeamDue } from './due-times';
import { copiesMembersWrote, teamStatus } from './status';

/** One team's place in an assignment, as read at one time. */
export interface TeamCopy {
  team: GroupRow;
  /** Its copy; null before the assignment opened. */
  doc: DocumentRow | null;
  due: TeamDue;
  status: AssignmentStatus;
  submission: {
    versionId: string;
    submittedAt: number;
    submitter: { id: string; email: string; name: string };
  } | null;
}

/**
 * The teams of an assignment's course with their copies, due times and
 * statuses at `at`: every team not archived, or (`memberId`) only the teams whose
 * member that user is (a learner's own team).
 */
export async function teamCopies(db: Kysely<Database>, assignment: AssignmentRow, at: number, memberId?: string): Promise<TeamCopy[]> {
  const rows = await db
    .selectFrom('groups')
    .leftJoin('assignment_teams', (join) =>
      join.onRef('assignment_teams.team_id', '=', 'groups.id').on('assignment_teams.assignment_id', '=', assignment.id),
    )
    .leftJoin('documents', 'documents.id', 'assignment_teams.doc_id')
    .leftJoin('submissions', (join) =>
      join.onRef('submissions.team_id', '=', 'groups.id').on('submissions.assignment_id', '=', assignment.id),
    )
    .leftJoin('users', 'users.id', 'submissions.submitted_by')
    .selectAll('groups')
    .select([
      'assignment_teams.doc_id',
      'assignment_teams.due_at as team_due_at',
      'assignment_teams.reopened_at',
      'documents.project_id as doc_project_id',
      'documents.title as doc_title',
      'documents.created_by as doc_created_by',
      'documents.created_at as doc_created_at',
      'documents.updated_at as doc_updated_at',
      'submissions.version_id',
      'submissions.submitted_at',
      'users.id as submitter_id',
      'users.email as submitter_email',
      'users.name as submitter_name',
    ])
    .where('groups.parent_id', '=', assignment.course_id)
    // An archived team is out of use until restored: no copy opens for it, and no list shows it.
    .where('groups.archived_at', 'is', null)
    .$if(memberId !== undefined, (query) =>
      query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('memberships')
            .select('memberships.user_id')
            .whereRef('memberships.group_id', '=', 'groups.id')
            .where('memberships.user_id', '=', memberId!)
            .where('memberships.role', '=', 'member'),
        ),
      ),
    )
    .orderBy('groups.name')
    .orderBy('groups.id')
    .execute();

  const docIds = rows.flatMap((row) => (row.doc_id ? [row.doc_id] : []));
  const wrote = await copiesMembersWrote(db, docIds);
  return rows.map((row): TeamCopy => {
    const due = teamDue(
      {
        assignmentDueAt: assignment.due_at,
        lockAtDue: assignment.lock_at_due === 1,
        teamDueAt: row.team_due_at === null ? null : Number(row.team_due_at),
        reopenedAt: row.reopened_at === null ? null : Number(row.reopened_at),
      },
      at,
    );
    const submittedAt = row.submitted_at === null ? null : Number(row.submitted_at);
    const doc: DocumentRow | null = row.doc_id
      ? {
          id: row.doc_id,
          project_id: row.doc_project_id!,
          title: row.doc_title!,
          created_by: row.doc_created_by!,
          created_at: Number(row.doc_created_at),
          updated_at: Number(row.doc_updated_at),
          archived_at: null,
          archived_by: null,
        }
      : null;
    return {
      team: { id: row.id, name: row.name, created_by: row.created_by, created_at: Number(row.created_at), parent_id: row.parent_id, self_signup_max: row.self_signup_max, archived_at: null, archived_by: null },
      doc,
      due,
      status: teamStatus({ due, submittedAt, membersWrote: doc !== null && wrote.has(doc.id) }),
      submission:
        row.version_id && submittedAt !== null && row.submitter_id
          ? { versionId: row.version_id, submittedAt, submitter: { id: row.submitter_id, email: row.submitter_email!, name: row.submitter_name! } }
          : null,
    };
  });
}
