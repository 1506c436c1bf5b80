/**
 * A member's grade adjusted by their teammate evaluation: the team's grade
 * times their adjustment factor, never above the maximum score (a factor
 * over 1 cannot take anyone past full marks), to two decimals, as a grade
 * book shows it. A member nobody rated has no factor and keeps the team's
 * grade: missing ratings are no evidence either way. The factor used is the
 * one shown (four decimals), so the grade can be checked by hand. Used by
 * the server when it stores and sends grades, and by the instructor's page
 * to show them before they are applied.
 */
export function adjustedGrade(teamGrade: number, factor: number | null, scoreMaximum: number): number {
  const adjusted = Math.min(scoreMaximum, teamGrade * (factor ?? 1));
  return Math.round(adjusted * 100) / 100;
}
