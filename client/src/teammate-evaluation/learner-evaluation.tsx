import { dimensionLevels, dimensions, type LearnerEvaluation } from '../../../shared/schemas/teammate-evaluation';
import { formatDue } from '../assignments/due-time';
import { EmptyState } from '../ui/empty-state';
import { EvaluationForm } from './evaluation-form';
import { averageText } from './evaluation-words';

/**
 * A learner's teammate evaluation, by its state: nothing to rate in no
 * team; when it opens; the form while open; what they sent, once sent;
 * and their own result (averages only) once the instructor released it.
 */
export function LearnerEvaluationView({ assignmentId, evaluation }: { assignmentId: string; evaluation: LearnerEvaluation }) {
  switch (evaluation.state) {
    case 'no-team':
      return (
        <EmptyState icon="people" title="You are in no team of this course" headingLevel={3} compact>
          <p>The teammate evaluation is for the members of a team.</p>
        </EmptyState>
      );
    case 'not-open':
      return (
        <EmptyState icon="people" title="Not open yet" headingLevel={3} compact>
          <p>
            It opens at your team’s due time{evaluation.opensAt !== null ? ` (${formatDue(evaluation.opensAt)})` : ''}, or as soon as your team submits: then
            you rate yourself and each teammate on how the work went.
          </p>
        </EmptyState>
      );
    case 'open':
      return <EvaluationForm assignmentId={assignmentId} evaluation={evaluation} />;
    case 'submitted':
    case 'closed':
      return (
        <>
          {evaluation.submitted ? (
            <SentRatings submitted={evaluation.submitted} />
          ) : (
            <p role="status">The evaluation closed before you sent yours: your instructor released the results.</p>
          )}
          {evaluation.result ? (
            <OwnResult result={evaluation.result} />
          ) : (
            <p className="muted" role="status">
              {evaluation.releasedAt === null ? 'Your result appears here once your instructor releases it.' : 'Nobody in your team rated you, so there is no result.'}
            </p>
          )}
        </>
      );
  }
}

function SentRatings({ submitted }: { submitted: NonNullable<LearnerEvaluation['submitted']> }) {
  return (
    <details className="evaluation-sent">
      <summary>Sent {formatDue(submitted.submittedAt)}: your ratings</summary>
      <table className="class-table">
        <caption className="visually-hidden">Your ratings as sent</caption>
        <thead>
          <tr>
            <th scope="col">Member</th>
            {dimensions.map((dimension) => (
              <th scope="col" key={dimension}>
                {dimensionLevels[dimension].title}
              </th>
            ))}
            <th scope="col">Your comment</th>
          </tr>
        </thead>
        <tbody>
          {submitted.ratings.map((rating) => (
            <tr key={rating.ratee.id}>
              <th scope="row">{rating.ratee.name}</th>
              {dimensions.map((dimension) => (
                <td key={dimension}>{rating.scores[dimension]}</td>
              ))}
              <td>{rating.comment ?? <span className="muted">None</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** Their own result: the averages their teammates gave them, never who gave what. */
function OwnResult({ result }: { result: NonNullable<LearnerEvaluation['result']> }) {
  return (
    <section className="own-result" aria-labelledby="own-result-title">
      <h3 id="own-result-title">Your result</h3>
      <p>
        Your teammates rated you <strong data-testid="own-average">{averageText(result.byOthers)}</strong> of 5 on average
        {result.raters > 0 ? ` (${result.raters} ${result.raters === 1 ? 'teammate' : 'teammates'})` : ''}; you rated yourself {averageText(result.self)}.
      </p>
      <dl className="result-facts">
        <div>
          <dt>Your team’s average</dt>
          <dd>{averageText(result.teamAverage)}</dd>
        </div>
        <div>
          <dt>Adjustment factor</dt>
          <dd>{result.factor === null ? '–' : result.factor.toFixed(2)}</dd>
        </div>
      </dl>
      <p className="muted small">The factor is your average over your team’s, capped: your instructor may use it to adjust your share of the team’s grade.</p>
      <table className="class-table">
        <caption>By dimension, as your teammates rated you</caption>
        <tbody>
          {dimensions.map((dimension) => (
            <tr key={dimension}>
              <th scope="row">{dimensionLevels[dimension].title}</th>
              <td>{averageText(result.byOthersPerDimension[dimension])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
