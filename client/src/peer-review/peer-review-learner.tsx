import { Link } from 'react-router-dom';
import type { MyPeerReviews } from '../../../shared/schemas/peer-reviews';
import { DueCountdown } from '../assignments/countdown-text';
import { EmptyState } from '../ui/empty-state';
import { InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { useMyPeerReviews } from './peer-review-queries';
import { ReceivedReview } from './received-review';
import { HelpfulnessText, ScoreText } from './review-facts';

/**
 * A learner's peer review of the assignment: the documents their team
 * reviews ("Submission 1, 2…") and, once submitted, the reviews of their
 * team's work ("Reviewer 1, 2…", or the reviewing team when nobody is
 * hidden), each to be rated for helpfulness.
 */
export function PeerReviewLearner({ assignmentId }: { assignmentId: string }) {
  const mine = useMyPeerReviews(assignmentId);
  if (mine.isPending) return <Loading label="Loading your peer reviews…" />;
  if (mine.isError) {
    return (
      <section className="panel peer-review" aria-label="Peer review">
        <InlineError error={mine.error} />
      </section>
    );
  }
  const reviews = mine.data.reviews;
  if (!reviews) return null;
  return (
    <>
      <ReviewsToWrite reviews={reviews} />
      <section className="panel peer-review" aria-labelledby="received-title">
        <h2 id="received-title">Reviews of your work</h2>
        {reviews.received.length === 0 ? (
          <EmptyState icon="feedback" title="No reviews of your work yet" headingLevel={3} compact>
            <p>Each review appears here once its reviewers submit it.</p>
          </EmptyState>
        ) : (
          <ul className="plain-list received-reviews">
            {reviews.received.map((review) => (
              <li key={review.id}>
                <ReceivedReview summary={review} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function ReviewsToWrite({ reviews }: { reviews: MyPeerReviews }) {
  return (
    <section className="panel peer-review" aria-labelledby="to-write-title">
      <div className="section-head">
        <h2 id="to-write-title">Reviews to write</h2>
      </div>
      {reviews.dueAt !== null && (
        <p className="assignment-due">
          <span className="muted">Reviews due </span>
          <DueCountdown dueAt={reviews.dueAt} />
        </p>
      )}
      {reviews.writing.length === 0 ? (
        <EmptyState icon="docs" title={reviews.openedAt === null ? 'Reviews have not opened yet' : 'No reviews for your team to write'} headingLevel={3} compact>
          <p>
            {reviews.openedAt === null
              ? 'Your instructor opens them; each document your team reviews appears here then.'
              : 'A document appears here once its team has submitted it.'}
          </p>
        </EmptyState>
      ) : (
        <ul className="plain-list review-list">
          {reviews.writing.map((review) => (
            <li key={review.id} className="review-item" data-status={review.status}>
              <div>
                <Link to={`/reviews/${review.id}`} className="review-link">
                  {review.submissionLabel}
                </Link>
                {review.revieweeTeam && <span className="muted small"> · {review.revieweeTeam.name}</span>}
              </div>
              <span className={`status-badge ${review.status === 'submitted' ? 'status-submitted' : 'status-in-progress'}`}>
                {review.status === 'submitted' ? 'Submitted' : 'Draft'}
              </span>
              <span>
                <ScoreText score={review.score} maxPoints={review.maxPoints} />
              </span>
              {review.status === 'submitted' && (
                <span className="small">
                  Found helpful: <HelpfulnessText helpfulness={review.helpfulness} />
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
