import type { PeerReview } from '../../../shared/schemas/peer-reviews';
import { formatPoints } from './rubric-summary';

/** A review's rubric answers as read: each criterion's chosen level, its points and the comment, then the overall comment. */
export function ReviewAnswers({ review }: { review: Pick<PeerReview, 'rubric' | 'answers' | 'overallComment'> }) {
  return (
    <div className="review-answers">
      <dl>
        {review.rubric.criteria.map((criterion, c) => {
          const answer = review.answers[c];
          const level = answer?.level != null ? criterion.levels[answer.level] : undefined;
          return (
            <div key={c} className="review-answer">
              <dt>{criterion.title}</dt>
              <dd>
                {level ? (
                  <p>
                    <strong>{level.label}</strong> <span className="muted">({formatPoints(level.points)})</span>
                  </p>
                ) : (
                  <p className="muted">No level chosen</p>
                )}
                {answer?.comment.trim() && <p className="review-comment">{answer.comment}</p>}
              </dd>
            </div>
          );
        })}
      </dl>
      <h4>Overall</h4>
      {review.overallComment.trim() ? <p className="review-comment">{review.overallComment}</p> : <p className="muted">No overall comment.</p>}
    </div>
  );
}
