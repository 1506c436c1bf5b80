import type { ReviewSummary } from '../../../shared/schemas/peer-reviews';

/** "7 / 9.5", or a dash while no score exists (a level is missing). */
export function ScoreText({ score, maxPoints }: { score: number | null; maxPoints: number }) {
  if (score === null) return <span className="muted">–</span>;
  return (
    <span className="review-score">
      {score.toLocaleString()} / {maxPoints.toLocaleString()}
    </span>
  );
}

/** The authors' rating of a review: "4 of 5" and their note, or that they have not rated it. */
export function HelpfulnessText({ helpfulness }: { helpfulness: ReviewSummary['helpfulness'] }) {
  if (!helpfulness) return <span className="muted">Not rated</span>;
  return (
    <span className="helpfulness-text">
      <span className="stars" aria-hidden="true">
        {'★'.repeat(helpfulness.rating)}
        <span className="stars-off">{'☆'.repeat(5 - helpfulness.rating)}</span>
      </span>{' '}
      {helpfulness.rating} of 5
      {helpfulness.note && <span className="muted small block">“{helpfulness.note}”</span>}
    </span>
  );
}
