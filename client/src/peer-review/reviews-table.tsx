import { Link } from 'react-router-dom';
import type { AssignmentReviewsResponse } from '../../../shared/schemas/peer-reviews';
import { formatDue } from '../assignments/due-time';
import { EmptyState } from '../ui/empty-state';
import { HelpfulnessText, ScoreText } from './review-facts';

/** Every review of the assignment for its instructors: who reviewed whom, its status, score and how helpful its authors found it. */
export function ReviewsTable({ reviews }: { reviews: AssignmentReviewsResponse['reviews'] }) {
  if (reviews.length === 0) {
    return (
      <EmptyState icon="feedback" title="No reviews yet" headingLevel={3} compact>
        <p>A team’s reviews are made when the reviews open and the team has submitted.</p>
      </EmptyState>
    );
  }
  return (
    <table className="class-table reviews-table">
      <caption className="visually-hidden">Reviews, with names</caption>
      <thead>
        <tr>
          <th scope="col">Reviewer</th>
          <th scope="col">Reviewed</th>
          <th scope="col">Status</th>
          <th scope="col">Score</th>
          <th scope="col">Helpfulness</th>
          <th scope="col">Review</th>
        </tr>
      </thead>
      <tbody>
        {reviews.map((review) => (
          <tr key={review.id} data-status={review.status}>
            <th scope="row">
              {review.reviewerTeam.name}
              <span className="muted small block">{review.reviewerLabel}</span>
            </th>
            <td>{review.revieweeTeam.name}</td>
            <td>
              {review.status === 'submitted' ? (
                <span className="status-badge status-submitted">Submitted</span>
              ) : (
                <span className="status-badge status-in-progress">Draft</span>
              )}
              {review.submittedAt !== null && <span className="muted small block">{formatDue(review.submittedAt)}</span>}
            </td>
            <td>
              <ScoreText score={review.score} maxPoints={review.maxPoints} />
            </td>
            <td>
              <HelpfulnessText helpfulness={review.helpfulness} />
            </td>
            <td>
              <Link to={`/reviews/${review.id}`} aria-label={`Open ${review.reviewerTeam.name}’s review of ${review.revieweeTeam.name}`}>
                Open
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
