import type { Kysely } from 'kysely';
import type { ApplyGradesResponse } from '../../../shared/schemas/teammate-evaluation';
import { adjustedGrade } from '../../../shared/teammate-grade';
import type { AssignmentRow, Database } from '../../db/schema';
import { badRequest } from '../../errors';
import type { Grades } from '../lti/grades';
import { scoreTarget } from '../lti/grades-line-item';
import { rounded } from './presenter';
import type { EvaluationGradesBody } from './service';
import type { TeamSummaryRecord } from './team-summaries';

/**
 * Team grades adjusted by the evaluation. Each member of a listed team gets
 * the team's grade times their factor as shown (four decimals), capped at
 * the maximum, to hundredths (shared/teammate-grade.ts):
 * - a member nobody rated keeps the team's grade (no factor, no evidence);
 * - a team of one has factor 1, so its member keeps the team's grade;
 * - a member who left the team before the grades were applied is not in
 *   it any more and gets none of its grade (their new team's grade is
 *   theirs); the rows of the team's members as applied before are replaced
 *   as a whole, so nobody who left keeps an old one from it.
 * Where an LMS takes the assignment's scores each grade is sent there as
 * the class view sends a score (lti_scores keeps what became of it), and
 * the grades are stored only once the LMS took the tool, so a refusal
 * changes nothing; without an LMS they are stored only.
 */

export interface StoredGrade {
  teamId: string;
  teamGrade: number;
  scoreMaximum: number;
  factor: number | null;
  adjusted: number;
  givenAt: number;
}

/** The grades as last applied, by member. */
export async function gradesOf(db: Kysely<Database>, assignmentId: string): Promise<Map<string, StoredGrade>> {
  const rows = await db.selectFrom('teammate_grades').selectAll().where('assignment_id', '=', assignmentId).execute();
  return new Map(
    rows.map((row) => [
      row.user_id,
      {
        teamId: row.team_id,
        teamGrade: Number(row.team_grade),
        scoreMaximum: Number(row.score_maximum),
        factor: row.factor === null ? null : Number(row.factor),
        adjusted: Number(row.adjusted),
        givenAt: Number(row.given_at),
      },
    ]),
  );
}

export async function applyTeamGrades(
  db: Kysely<Database>,
  grades: Pick<Grades, 'sendEach'>,
  assignment: AssignmentRow,
  by: string,
  body: EvaluationGradesBody,
  teams: readonly TeamSummaryRecord[],
  now: number,
): Promise<ApplyGradesResponse> {
  const fields: Record<string, string> = {};
  const listed = body.teams.flatMap(({ teamId, teamGrade }, index) => {
    const summary = teams.find((team) => team.team.id === teamId);
    if (!summary) fields[`teams.${index}.teamId`] = 'No such team in this assignment’s course.';
    else if (summary.members.length === 0) fields[`teams.${index}.teamId`] = 'This team has no learners to grade.';
    return summary && summary.members.length > 0 ? [{ summary, teamGrade }] : [];
  });
  if (Object.keys(fields).length > 0) throw badRequest('Give grades to teams of this assignment with learners in them.', fields);

  const applied = listed.flatMap(({ summary, teamGrade }) =>
    summary.members.map((member) => {
      const factor = rounded(member.factor);
      return { team: summary.team, user: member.user, teamGrade, scoreMaximum: body.scoreMaximum, factor, adjusted: adjustedGrade(teamGrade, factor, body.scoreMaximum) };
    }),
  );

  const lms = (await scoreTarget(db, assignment.id)) !== null;
  // Sent first: an LMS that refuses the tool throws before anything is stored.
  const sent = lms
    ? new Map((await grades.sendEach(assignment, by, body.scoreMaximum, applied.map((grade) => ({ userId: grade.user.id, scoreGiven: grade.adjusted })))).results.map((result) => [result.user.id, result]))
    : new Map();

  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('teammate_grades')
      .where('assignment_id', '=', assignment.id)
      .where('team_id', 'in', listed.map(({ summary }) => summary.team.id))
      .execute();
    for (const grade of applied) {
      const values = {
        team_id: grade.team.id,
        team_grade: grade.teamGrade,
        score_maximum: grade.scoreMaximum,
        factor: grade.factor,
        adjusted: grade.adjusted,
        given_by: by,
        given_at: now,
      };
      await trx
        .insertInto('teammate_grades')
        .values({ assignment_id: assignment.id, user_id: grade.user.id, ...values })
        .onConflict((oc) => oc.columns(['assignment_id', 'user_id']).doUpdateSet(values))
        .execute();
    }
  });

  return {
    lms,
    grades: applied.map((grade) => {
      const result = sent.get(grade.user.id);
      return { ...grade, outcome: result?.outcome ?? 'stored', message: result?.message ?? null };
    }),
  };
}
