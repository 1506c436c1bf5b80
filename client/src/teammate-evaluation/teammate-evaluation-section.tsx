import { InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { useTeammateEvaluation } from './evaluation-endpoints';
import { InstructorEvaluationView } from './instructor-evaluation';
import { LearnerEvaluationView } from './learner-evaluation';
import './teammate-evaluation.css';

/**
 * The assignment page's teammate evaluation: a learner's form and result,
 * or every team's for the course's instructors (the server answers each
 * with their own view).
 */
export function TeammateEvaluationSection({ assignmentId }: { assignmentId: string }) {
  const evaluation = useTeammateEvaluation(assignmentId);
  return (
    <section className="panel teammate-evaluation" aria-labelledby="teammate-evaluation-title">
      <h2 id="teammate-evaluation-title">Teammate evaluation</h2>
      {evaluation.isPending ? (
        <Loading label="Loading the teammate evaluation…" />
      ) : evaluation.isError ? (
        <InlineError error={evaluation.error} />
      ) : evaluation.data.view === 'learner' ? (
        <LearnerEvaluationView assignmentId={assignmentId} evaluation={evaluation.data} />
      ) : (
        <InstructorEvaluationView assignmentId={assignmentId} evaluation={evaluation.data} />
      )}
    </section>
  );
}
