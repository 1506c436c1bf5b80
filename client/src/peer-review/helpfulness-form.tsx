import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { PeerReview } from '../../../shared/schemas/peer-reviews';
import { InlineError } from '../ui/error-panel';
import { callPeerReview } from './peer-review-endpoints';
import { peerReviewKeys } from './peer-review-queries';

export const helpfulnessLabels = ['Not helpful', 'A little helpful', 'Helpful', 'Very helpful', 'Extremely helpful'] as const;

/**
 * The reviewed team's rating of a review: 1 to 5 with an optional note.
 * Any member rates for the team; a later rating replaces the earlier one.
 */
export function HelpfulnessForm({ review, label }: { review: PeerReview; label: string }) {
  const queryClient = useQueryClient();
  const [rating, setRating] = useState<number | null>(review.helpfulness?.rating ?? null);
  const [note, setNote] = useState(review.helpfulness?.note ?? '');
  const [missing, setMissing] = useState(false);
  const name = useId();
  const noteId = useId();
  const rate = useMutation({
    mutationFn: (body: { rating: number; note?: string }) => callPeerReview('PUT /api/peer-reviews/:reviewId/helpfulness', { params: { reviewId: review.id }, body }),
    onSuccess: async (answer) => {
      queryClient.setQueryData(peerReviewKeys.review(review.id), answer);
      await queryClient.invalidateQueries({ queryKey: peerReviewKeys.stage(review.assignmentId) });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (rating === null) {
      setMissing(true);
      return;
    }
    setMissing(false);
    rate.mutate(note.trim() ? { rating, note: note.trim() } : { rating });
  };
  const saved = review.helpfulness !== null && review.helpfulness.rating === rating && (review.helpfulness.note ?? '') === note.trim();

  return (
    <form className="helpfulness-form" aria-label={`How helpful was ${label}?`} onSubmit={onSubmit}>
      <fieldset className="field choice-group helpfulness-scale">
        <legend>How helpful was this review?</legend>
        {helpfulnessLabels.map((text, index) => (
          <label key={text}>
            <input type="radio" name={name} value={index + 1} checked={rating === index + 1} onChange={() => setRating(index + 1)} /> {index + 1}: {text}
          </label>
        ))}
      </fieldset>
      {missing && (
        <p className="inline-error" role="alert">
          Choose a rating from 1 to 5.
        </p>
      )}
      <div className="field">
        <label htmlFor={noteId}>A note for the reviewers (optional)</label>
        <textarea id={noteId} rows={2} maxLength={1000} value={note} onChange={(event) => setNote(event.target.value)} />
      </div>
      {rate.isError && <InlineError error={rate.error} />}
      <div className="actions">
        <button type="submit" className="button small primary" disabled={rate.isPending || saved}>
          {rate.isPending ? 'Saving…' : review.helpfulness ? 'Change the rating' : 'Rate helpfulness'}
        </button>
        {saved && (
          <span className="muted small" role="status">
            Rated {review.helpfulness?.rating} of 5
          </span>
        )}
      </div>
    </form>
  );
}
