import { dimensions, type InstructorEvaluation, type LearnerEvaluation } from '../../../shared/schemas/teammate-evaluation';
import { csvText } from '../contributions/csv';
import { factorCap, type MemberResult } from './summary';
import type { TeamSummaryRecord } from './team-summaries';

/**
 * The evaluation as the API shows it. Averages, factors and shares are
 * given to four decimals (a factor of 0.95238... is 0.9524): enough to
 * grade with, and the same in JSON and CSV.
 */

export const rounded = (value: number | null): number | null => (value === null ? null : Math.round(value * 10_000) / 10_000);

/** A learner's own result: averages only, nothing that tells who gave which rating, no comment, no flag. */
export function presentOwnResult(member: MemberResult, teamAverage: number | null): NonNullable<LearnerEvaluation['result']> {
  return {
    byOthers: rounded(member.byOthers),
    byOthersPerDimension: Object.fromEntries(dimensions.map((dimension) => [dimension, rounded(member.byOthersPerDimension[dimension])])) as Record<
      (typeof dimensions)[number],
      number | null
    >,
    raters: member.raters,
    self: rounded(member.self),
    teamAverage: rounded(teamAverage),
    factor: rounded(member.factor),
  };
}

export function presentInstructorEvaluation(teams: readonly TeamSummaryRecord[], releasedAt: number | null): InstructorEvaluation {
  return {
    view: 'instructor',
    releasedAt,
    factorCap,
    teams: teams.map((team) => ({
      team: team.team,
      opensAt: team.opensAt,
      open: team.open,
      teamAverage: rounded(team.teamAverage),
      members: team.members.map((member) => ({
        user: member.user,
        submitted: member.submitted,
        byOthers: rounded(member.byOthers),
        raters: member.raters,
        self: rounded(member.self),
        factor: rounded(member.factor),
        flags: member.flags,
        measured: member.measured === null ? null : { ...member.measured, share: rounded(member.measured.share) },
        disagrees: member.disagrees,
        grade: member.grade === null ? null : { teamGrade: member.grade.teamGrade, scoreMaximum: member.grade.scoreMaximum, factor: member.grade.factor, adjusted: member.grade.adjusted, givenAt: member.grade.givenAt },
      })),
      cliques: team.cliques,
      ratings: team.ratings.map((rating) => ({ rater: rating.rater, ratee: rating.ratee, scores: rating.scores, comment: rating.comment, submittedAt: rating.submittedAt })),
      formerMembers: team.formerMembers,
    })),
  };
}

const header = ['team', 'member', 'email', 'by others', 'self', 'factor', 'flags', 'share', 'surviving', 'sessions', 'feedback given', 'feedback received', 'disagrees', 'team grade', 'grade maximum', 'adjusted grade'];

/**
 * Every team's members as CSV, one row each, for a spreadsheet or a grade
 * book: no rater's individual ratings and no comments (those stay in the
 * app); the grade columns as last applied (teammate-grades.ts). Empty cells for what is not known; flags space-separated. Cells are
 * escaped as the contributions report's are, formula guard included.
 */
export function evaluationCsv(teams: readonly TeamSummaryRecord[]): string {
  const cell = (value: number | null) => (value === null ? '' : String(rounded(value)));
  const lines: (string | number)[][] = [header];
  for (const team of teams) {
    for (const member of team.members) {
      lines.push([
        team.team.name,
        member.user.name,
        member.user.email,
        cell(member.byOthers),
        cell(member.self),
        cell(member.factor),
        member.flags.join(' '),
        cell(member.measured?.share ?? null),
        member.measured?.surviving ?? '',
        member.measured?.sessions ?? '',
        member.measured?.feedbackGiven ?? '',
        member.measured?.feedbackReceived ?? '',
        member.disagrees ?? '',
        member.grade?.teamGrade ?? '',
        member.grade?.scoreMaximum ?? '',
        member.grade?.adjusted ?? '',
      ]);
    }
  }
  return csvText(lines);
}
