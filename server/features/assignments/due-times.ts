import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

/**
 * One team's due time and whether its copy is locked at a given time: the
 * one rule every part asks (the status of a team, submitting, the sync
 * socket dropping members' updates, the class view), so that they never
 * disagree about a copy.
 *
 * - A team's due time is its own when an instructor extended it, the
 *   assignment's otherwise.
 * - With `lockAtDue`, the copy is locked from its due time on (an update
 *   made exactly at the due time is already late), unless an instructor
 *   reopened it: from the moment of the reopening on, the lock is lifted.
 * - Without `lockAtDue`, a copy is never locked; work after the due time is
 *   late.
 */
export interface CopyTerms {
  assignmentId: string;
  teamId: string;
  docId: string;
  /** The assignment's due time (ms since the epoch). */
  assignmentDueAt: number;
  lockAtDue: boolean;
  /** The team's own due time when extended; null: the assignment's. */
  teamDueAt: number | null;
  /** When an instructor reopened the copy; null: never. */
  reopenedAt: number | null;
}

export interface TeamDue {
  /** The team's due time (ms since the epoch). */
  dueAt: number;
  /** Whether the copy is read-only for its members at the time asked about. */
  locked: boolean;
  /** Whether the due time has come at the time asked about. */
  past: boolean;
}

/** The team's due time, and whether its copy is locked at time `at` (ms since the epoch). */
export function teamDue(terms: Omit<CopyTerms, 'assignmentId' | 'teamId' | 'docId'>, at: number): TeamDue {
  const dueAt = terms.teamDueAt ?? terms.assignmentDueAt;
  const past = at >= dueAt;
  const reopened = terms.reopenedAt !== null && terms.reopenedAt <= at;
  return { dueAt, past, locked: terms.lockAtDue && past && !reopened };
}

function selectTerms(db: Kysely<Database>) {
  return db
    .selectFrom('assignment_teams')
    .innerJoin('assignments', 'assignments.id', 'assignment_teams.assignment_id')
    .select([
      'assignment_teams.assignment_id',
      'assignment_teams.team_id',
      'assignment_teams.doc_id',
      'assignment_teams.due_at as team_due_at',
      'assignment_teams.reopened_at',
      'assignments.due_at',
      'assignments.lock_at_due',
    ]);
}

type TermsRow = {
  assignment_id: string;
  team_id: string;
  doc_id: string;
  team_due_at: number | null;
  reopened_at: number | null;
  due_at: number;
  lock_at_due: number;
};

function toTerms(row: TermsRow): CopyTerms {
  return {
    assignmentId: row.assignment_id,
    teamId: row.team_id,
    docId: row.doc_id,
    assignmentDueAt: Number(row.due_at),
    lockAtDue: Number(row.lock_at_due) === 1,
    teamDueAt: row.team_due_at === null ? null : Number(row.team_due_at),
    reopenedAt: row.reopened_at === null ? null : Number(row.reopened_at),
  };
}

/** The terms of the assignment copy `docId` is; null for a document that is no team's copy. */
export async function copyTermsOfDoc(db: Kysely<Database>, docId: string): Promise<CopyTerms | null> {
  const row = await selectTerms(db).where('assignment_teams.doc_id', '=', docId).executeTakeFirst();
  return row ? toTerms(row) : null;
}

/** The terms of every team's copy of an assignment. */
export async function copyTermsOfAssignment(db: Kysely<Database>, assignmentId: string): Promise<CopyTerms[]> {
  const rows = await selectTerms(db).where('assignment_teams.assignment_id', '=', assignmentId).execute();
  return rows.map(toTerms);
}
