import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { PeerReview } from '../../../shared/schemas/peer-reviews';
import { DueCountdown } from '../assignments/countdown-text';
import { formatDue } from '../assignments/due-time';
import { DocumentView } from '../doc/document-page';
import { AppShell } from '../ui/app-shell';
import { ErrorPanel } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { HelpfulnessForm } from './helpfulness-form';
import { usePeerReview } from './peer-review-queries';
import { reviewerName } from './received-review';
import { ReviewAnswers } from './review-answers';
import { HelpfulnessText, ScoreText } from './review-facts';
import { RubricForm } from './rubric-form';
import '../assignments/assignments.css';
import './peer-review.css';

/**
 * `/reviews/:reviewId`: the reviewed document (the review's own copy, where
 * nobody changes the text) with its inline feedback, and beside it the
 * rubric: a form for the reviewing team until it is submitted or due, the
 * answers as read for everyone else, and the helpfulness rating for the
 * reviewed team.
 */
export default function ReviewPage() {
  const { reviewId = '' } = useParams();
  const review = usePeerReview(reviewId);
  if (review.isPending) {
    return (
      <AppShell wide>
        <Loading label="Opening the review…" />
      </AppShell>
    );
  }
  if (review.isError) {
    return (
      <AppShell>
        <ErrorPanel error={review.error} onRetry={() => void review.refetch()} />
      </AppShell>
    );
  }
  const current = review.data.review;
  const place = { href: `/assignments/${current.assignmentId}`, label: `${current.assignmentTitle}: peer review` };
  return <DocumentView docId={current.docId} aside={<ReviewPanel review={current} />} place={place} />;
}

/** Whether `at` has passed, turning true at that moment while the page is open. */
function usePast(at: number | null): boolean {
  const [past, setPast] = useState(() => at !== null && Date.now() >= at);
  useEffect(() => {
    if (at === null) return setPast(false);
    const left = at - Date.now();
    if (left <= 0) return setPast(true);
    setPast(false);
    // Timers take at most about 24.8 days; a later due time is checked again then.
    const timer = window.setTimeout(() => setPast(Date.now() >= at), Math.min(left, 2 ** 31 - 1));
    return () => window.clearTimeout(timer);
  }, [at]);
  return past;
}

function title(review: PeerReview): string {
  if (review.viewer === 'reviewer') return `Your review of ${review.revieweeTeam?.name ?? review.submissionLabel}`;
  if (review.viewer === 'author') return `Review by ${reviewerName(review)}`;
  return `${review.reviewerTeam?.name ?? review.reviewerLabel} reviews ${review.revieweeTeam?.name ?? review.submissionLabel}`;
}

function ReviewPanel({ review }: { review: PeerReview }) {
  const past = usePast(review.dueAt);
  const writable = review.viewer === 'reviewer' && review.can.write && !past;
  const maxPoints = review.rubric.maxPoints;
  return (
    <aside className="panel review-panel" id="review-panel" aria-labelledby="review-panel-title">
      {/* Where the rubric sits below the text (narrower screens), a way to it that stays in view. */}
      <a className="button small review-jump" href="#review-panel">
        {writable ? 'Fill in the rubric' : 'Read the review'}
      </a>
      <p className="eyebrow">
        <Link to={`/assignments/${review.assignmentId}`}>{review.assignmentTitle}</Link> · Peer review
      </p>
      <h2 id="review-panel-title">{title(review)}</h2>
      <p className="assignment-due small">
        {review.dueAt === null ? (
          <span className="muted">No due time</span>
        ) : (
          <>
            <span className="muted">Due </span>
            <DueCountdown dueAt={review.dueAt} />
          </>
        )}
      </p>
      {writable ? (
        <RubricForm key={review.id} review={review} />
      ) : (
        <>
          <p className="review-state" data-review-status={review.status}>
            {review.status === 'submitted' && review.submittedAt !== null
              ? `Submitted ${formatDue(review.submittedAt)}.`
              : review.viewer === 'reviewer'
                ? 'The due time has passed: this draft can no longer be changed or submitted.'
                : 'A draft: not submitted yet.'}{' '}
            Score: <ScoreText score={review.score} maxPoints={maxPoints} />
          </p>
          <ReviewAnswers review={review} />
        </>
      )}
      {review.viewer !== 'author' && review.status === 'submitted' && (
        <p className="small">
          How helpful the authors found it: <HelpfulnessText helpfulness={review.helpfulness} />
        </p>
      )}
      {review.can.rateHelpfulness && <HelpfulnessForm review={review} label={reviewerName(review)} />}
    </aside>
  );
}
