import { Link } from 'react-router-dom';
import type { ReviewSummary } from '../../../shared/schemas/peer-reviews';
import { formatDue } from '../assignments/due-time';
import { InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { HelpfulnessForm } from './helpfulness-form';
import { usePeerReview } from './peer-review-queries';
import { ReviewAnswers } from './review-answers';
import { ScoreText } from './review-facts';

/** How the reviewed team knows a review's writers: the team's name when nobody is hidden, else "Reviewer N". */
export function reviewerName(review: Pick<ReviewSummary, 'reviewerTeam' | 'reviewerLabel'>): string {
  return review.reviewerTeam?.name ?? review.reviewerLabel;
}

/** One review of the team's work: its answers, score and overall comment, the way to its inline comments, and the helpfulness rating. */
export function ReceivedReview({ summary }: { summary: ReviewSummary }) {
  const review = usePeerReview(summary.id);
  const name = reviewerName(summary);
  return (
    <article className="received-review" aria-label={`Review by ${name}`}>
      <header className="section-head">
        <h3>{name}</h3>
        <span>
          <ScoreText score={summary.score} maxPoints={summary.maxPoints} />
          {summary.submittedAt !== null && <span className="muted small"> · submitted {formatDue(summary.submittedAt)}</span>}
        </span>
      </header>
      {review.isPending ? (
        <Loading label="Loading the review…" />
      ) : review.isError ? (
        <InlineError error={review.error} />
      ) : (
        <>
          <ReviewAnswers review={review.data.review} />
          <p>
            <Link className="button small" to={`/reviews/${summary.id}`}>
              Read the inline comments in your document
            </Link>
          </p>
          {review.data.review.can.rateHelpfulness && <HelpfulnessForm review={review.data.review} label={name} />}
        </>
      )}
    </article>
  );
}
