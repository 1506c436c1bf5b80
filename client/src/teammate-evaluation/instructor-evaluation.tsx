import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InstructorEvaluation } from '../../../shared/schemas/teammate-evaluation';
import { formatDue } from '../assignments/due-time';
import { EmptyState } from '../ui/empty-state';
import { InlineError } from '../ui/error-panel';
import { ApplyGradesForm } from './apply-grades-form';
import { callEvaluation, evaluationCsvPath, evaluationKey } from './evaluation-endpoints';
import { TeamEvaluationTable } from './team-evaluation-table';

/**
 * The instructors' teammate evaluation: every team's table, the release
 * that lets learners see their own averages (and closes the evaluation),
 * the CSV, and applying the factors to team grades.
 */
export function InstructorEvaluationView({ assignmentId, evaluation }: { assignmentId: string; evaluation: InstructorEvaluation }) {
  const queryClient = useQueryClient();
  const release = useMutation({
    mutationFn: () => callEvaluation('POST /api/assignments/:assignmentId/teammate-evaluation/release', { params: { assignmentId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: evaluationKey(assignmentId) }),
  });
  if (evaluation.teams.length === 0) {
    return (
      <EmptyState icon="people" title="No teams yet" headingLevel={3} compact>
        <p>Each team’s members rate each other once the team’s work is due or submitted.</p>
      </EmptyState>
    );
  }
  return (
    <>
      <div className="evaluation-actions actions">
        {evaluation.releasedAt === null ? (
          <button type="button" className="button small primary" disabled={release.isPending} onClick={() => release.mutate()}>
            {release.isPending ? 'Releasing…' : 'Release results to learners'}
          </button>
        ) : (
          <span role="status">Released {formatDue(evaluation.releasedAt)}: learners see their own averages, and no more ratings are taken.</span>
        )}
        <a className="button small" href={evaluationCsvPath(assignmentId)} download>
          Download CSV
        </a>
      </div>
      {evaluation.releasedAt === null && (
        <p className="muted small">Releasing lets each learner see their own averages (never who gave what) and closes the evaluation.</p>
      )}
      <InlineError error={release.error} />
      <p className="muted small">
        Factor: a member’s average by others over the team’s, capped at {evaluation.factorCap}. A row is marked where the factor and the share of the text
        disagree strongly: rated at or above the team while writing under half an even share, or rated under 0.85 while writing over one and a half.
      </p>
      {evaluation.teams.map((summary) => (
        <TeamEvaluationTable key={summary.team.id} summary={summary} />
      ))}
      <h3>Grades</h3>
      <ApplyGradesForm assignmentId={assignmentId} evaluation={evaluation} />
    </>
  );
}
