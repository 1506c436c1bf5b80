import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ApplyGradesResponse, InstructorEvaluation } from '../../../shared/schemas/teammate-evaluation';
import { adjustedGrade } from '../../../shared/teammate-grade';
import { InlineError } from '../ui/error-panel';
import { callEvaluation } from './evaluation-endpoints';

const outcomeText: Record<ApplyGradesResponse['grades'][number]['outcome'], string> = {
  stored: 'kept here (no LMS)',
  sent: 'sent to the LMS',
  failed: 'not sent to the LMS',
  'no-lms-account': 'not sent: no LMS account',
};

/**
 * The instructor gives each team its grade, sees what each member gets
 * (the team grade times their factor, capped at the maximum, as the server
 * reckons it: shared/teammate-grade.ts), and applies them: stored, in the
 * CSV, and sent to the LMS gradebook where one takes the scores. Only
 * after release, when the factors are final.
 */
export function ApplyGradesForm({ assignmentId, evaluation }: { assignmentId: string; evaluation: InstructorEvaluation }) {
  const queryClient = useQueryClient();
  const teams = evaluation.teams.filter((team) => team.members.length > 0);
  const stored = teams.flatMap((team) => team.members).find((member) => member.grade !== null)?.grade;
  const [maximum, setMaximum] = useState(stored ? String(stored.scoreMaximum) : '100');
  const [grades, setGrades] = useState<Record<string, string>>(() =>
    Object.fromEntries(teams.map((team) => [team.team.id, String(team.members.find((member) => member.grade !== null)?.grade?.teamGrade ?? '')])),
  );
  const maximumId = useId();
  const max = Number(maximum);
  const given = teams.filter((team) => (grades[team.team.id] ?? '').trim() !== '');
  const valid = maximum.trim() !== '' && max > 0 && given.length > 0 && given.every((team) => Number(grades[team.team.id]) >= 0 && Number(grades[team.team.id]) <= max);

  const apply = useMutation({
    mutationFn: () =>
      callEvaluation('POST /api/assignments/:assignmentId/teammate-evaluation/grades', {
        params: { assignmentId },
        body: { scoreMaximum: max, teams: given.map((team) => ({ teamId: team.team.id, teamGrade: Number(grades[team.team.id]) })) },
      }),
    // The evaluation's grades and the class view's scores both changed.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['assignments', assignmentId] }),
  });
  const outcomes = new Map(apply.data?.grades.map((grade) => [grade.user.id, grade]));

  if (evaluation.releasedAt === null) {
    return <p className="muted small">Release the results to apply the factors to team grades: until then ratings may still come in and the factors change.</p>;
  }
  return (
    <form
      className="apply-grades"
      aria-label="Apply the factors to team grades"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) apply.mutate();
      }}
    >
      <p className="small">Each member gets the team’s grade times their factor, never above the maximum; a member nobody rated keeps the team’s grade.</p>
      <div className="field field-inline">
        <label htmlFor={maximumId}>Out of</label>
        <input id={maximumId} type="number" min={0} step="any" inputMode="decimal" value={maximum} onChange={(event) => setMaximum(event.target.value)} />
      </div>
      <ul className="plain-list apply-grades-teams">
        {teams.map((team) => {
          const value = grades[team.team.id] ?? '';
          const teamGrade = Number(value);
          const preview = value.trim() !== '' && max > 0 && teamGrade >= 0 && teamGrade <= max;
          return (
            <li key={team.team.id}>
              <label>
                {team.team.name}{' '}
                <input
                  type="number"
                  min={0}
                  step="any"
                  inputMode="decimal"
                  aria-label={`Grade of ${team.team.name}`}
                  value={value}
                  onChange={(event) => setGrades((before) => ({ ...before, [team.team.id]: event.target.value }))}
                />
              </label>
              {preview && (
                <ul className="plain-list muted small">
                  {team.members.map((member) => {
                    const outcome = outcomes.get(member.user.id);
                    return (
                      <li key={member.user.id} data-outcome={outcome?.outcome}>
                        {member.user.name}: {adjustedGrade(teamGrade, member.factor, max)}
                        {member.factor === null ? ' (nobody rated them)' : ` (× ${member.factor.toFixed(4)})`}
                        {outcome && ` · ${outcomeText[outcome.outcome]}${outcome.outcome === 'failed' && outcome.message ? ` (${outcome.message})` : ''}`}
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
      <InlineError error={apply.error} />
      <div className="actions">
        <button type="submit" className="button small primary" disabled={!valid || apply.isPending}>
          {apply.isPending ? 'Applying…' : 'Apply to grades'}
        </button>
        {apply.data && (
          <span className="muted small" role="status">
            Applied to {apply.data.grades.length} {apply.data.grades.length === 1 ? 'member' : 'members'}
            {apply.data.lms ? ' and sent to the LMS' : ''}.
          </span>
        )}
      </div>
    </form>
  );
}
