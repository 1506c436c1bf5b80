import type { Assignment, AssignmentTeam, Submission } from '../../../shared/schemas/courses';
import type { AssignmentRow } from '../../db/schema';
import { presentDoc } from '../docs/presenter';
import type { SubmissionRecord } from './submissions';
import type { TeamCopy } from './team-copies';

export function presentAssignment(row: AssignmentRow): Assignment {
  return {
    id: row.id,
    courseId: row.course_id,
    title: row.title,
    instructions: row.instructions,
    hasTemplate: row.template_markdown !== null || row.template_doc_id !== null,
    opensAt: row.opens_at,
    dueAt: row.due_at,
    lockAtDue: row.lock_at_due === 1,
    revision: row.revision,
    createdAt: row.created_at,
  };
}

export function presentSubmission(record: SubmissionRecord): Submission {
  return {
    assignmentId: record.assignmentId,
    teamId: record.teamId,
    versionId: record.versionId,
    submittedBy: record.submitter,
    submittedAt: record.submittedAt,
    late: record.late,
  };
}

export function presentTeamCopy(assignmentId: string, copy: TeamCopy): AssignmentTeam {
  const { team, doc, due, status, submission } = copy;
  return {
    team: { id: team.id, name: team.name, parentId: team.parent_id! },
    doc: doc ? presentDoc(doc) : null,
    status,
    dueAt: due.dueAt,
    locked: due.locked,
    submission: submission
      ? presentSubmission({
          assignmentId,
          teamId: team.id,
          versionId: submission.versionId,
          submitter: submission.submitter,
          submittedAt: submission.submittedAt,
          late: submission.submittedAt >= due.dueAt,
        })
      : null,
  };
}
