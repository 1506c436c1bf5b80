import { useQuery } from '@tanstack/react-query';
import { teammateEvaluationApi } from '../../../shared/api/teammate-evaluation';
import { caller, pathTo } from '../api/http';

/**
 * Calls to the teammate evaluation routes, a caller of their own so that
 * these schemas load with the assignment page that uses them. The answer
 * sits under the assignment's key: what refreshes the assignment page
 * refreshes it.
 */
export const callEvaluation = caller(teammateEvaluationApi);

export const evaluationKey = (assignmentId: string) => ['assignments', assignmentId, 'teammate-evaluation'] as const;

/** The learner's form and result, or every team's summary for the course's instructors. */
export const useTeammateEvaluation = (assignmentId: string) =>
  useQuery({
    queryKey: evaluationKey(assignmentId),
    queryFn: () => callEvaluation('GET /api/assignments/:assignmentId/teammate-evaluation', { params: { assignmentId } }),
  });

/** Every member's figures and grades as CSV, for the browser to download. */
export function evaluationCsvPath(assignmentId: string): string {
  return pathTo('GET /api/assignments/:assignmentId/teammate-evaluation', { params: { assignmentId }, query: { format: 'csv' } });
}
