import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { reviewCommentMax, type PeerReview } from '../../../shared/schemas/peer-reviews';
import { ConfirmDialog } from '../history/confirm-dialog';
import { InlineError } from '../ui/error-panel';
import { callPeerReview } from './peer-review-endpoints';
import { peerReviewKeys } from './peer-review-queries';
import { useReviewDraft, withAnswer, type SaveStatus } from './review-draft';
import { criteriaProblems } from './review-errors';
import { formatPoints } from './rubric-summary';

const statusText: Record<SaveStatus, string> = {
  saved: 'Saved',
  waiting: 'Editing…',
  saving: 'Saving…',
  failed: 'Not saved',
};

/**
 * The reviewing team's rubric form: a level and a comment per criterion and
 * an overall comment, saved as they type, then submitted once (after a
 * confirm). A submit the server refuses for missing levels shows each
 * missing one beside its criterion.
 */
export function RubricForm({ review }: { review: PeerReview }) {
  const queryClient = useQueryClient();
  const { draft, change, save, status, error } = useReviewDraft(review);
  const [confirming, setConfirming] = useState(false);
  const formId = useId();
  const submit = useMutation({
    mutationFn: async () => {
      // What is on screen is what is submitted: saved first.
      if (!(await save())) throw new Error('The draft could not be saved, so it was not submitted.');
      return callPeerReview('POST /api/peer-reviews/:reviewId/submit', { params: { reviewId: review.id } });
    },
    onSuccess: async (answer) => {
      setConfirming(false);
      queryClient.setQueryData(peerReviewKeys.review(review.id), answer);
      await queryClient.invalidateQueries({ queryKey: peerReviewKeys.stage(review.assignmentId) });
    },
    onError: () => setConfirming(false),
  });
  const problems = criteriaProblems(submit.error);
  const unchosen = draft.answers.filter((answer) => answer.level === null).length;

  return (
    <form
      className="rubric-form"
      aria-label={`Your review of ${review.submissionLabel}`}
      onSubmit={(event) => {
        event.preventDefault();
        setConfirming(true);
      }}
    >
      <p className={`draft-status draft-${status}`} role="status" data-save-status={status}>
        {statusText[status]}
      </p>
      {status === 'failed' && (
        <div className="inline-error-row">
          <InlineError error={error} />
          <button type="button" className="button small" onClick={() => void save()}>
            Try saving again
          </button>
        </div>
      )}
      {review.rubric.criteria.map((criterion, c) => {
        const answer = draft.answers[c] ?? { level: null, comment: '' };
        const problem = problems.get(c);
        const problemId = `${formId}-problem-${c}`;
        return (
          <fieldset key={c} className="rubric-question" aria-describedby={problem ? problemId : undefined} aria-invalid={problem ? true : undefined}>
            <legend>{criterion.title}</legend>
            {criterion.description && <p className="muted small">{criterion.description}</p>}
            {problem && (
              <p className="field-error" id={problemId}>
                {problem}
              </p>
            )}
            <div className="rubric-levels-choice">
              {criterion.levels.map((level, l) => {
                const descriptionId = `${formId}-${c}-${l}`;
                return (
                  <label key={l} className="rubric-level-choice">
                    <input
                      type="radio"
                      name={`${formId}-criterion-${c}`}
                      checked={answer.level === l}
                      aria-describedby={level.description ? descriptionId : undefined}
                      onChange={() => change(withAnswer(draft, c, { level: l }))}
                    />
                    <span>
                      <strong>{level.label}</strong> <span className="muted">({formatPoints(level.points)})</span>
                      {level.description && (
                        <span className="small block" id={descriptionId}>
                          {level.description}
                        </span>
                      )}
                    </span>
                  </label>
                );
              })}
            </div>
            <div className="field">
              <label htmlFor={`${formId}-comment-${c}`}>Comment on {criterion.title}</label>
              <textarea
                id={`${formId}-comment-${c}`}
                rows={3}
                maxLength={reviewCommentMax}
                value={answer.comment}
                onChange={(event) => change(withAnswer(draft, c, { comment: event.target.value }))}
                onBlur={() => void save()}
              />
            </div>
          </fieldset>
        );
      })}
      <div className="field">
        <label htmlFor={`${formId}-overall`}>Overall comment</label>
        <textarea
          id={`${formId}-overall`}
          rows={5}
          maxLength={reviewCommentMax}
          value={draft.overallComment}
          onChange={(event) => change({ ...draft, overallComment: event.target.value })}
          onBlur={() => void save()}
        />
      </div>
      {submit.isError && problems.size === 0 && <InlineError error={submit.error} />}
      {submit.isError && problems.size > 0 && (
        <p className="inline-error" role="alert">
          Choose a level for every criterion before submitting.
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button primary" disabled={submit.isPending}>
          {submit.isPending ? 'Submitting…' : 'Submit the review'}
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Submit this review?"
        confirmLabel="Submit"
        pending={submit.isPending}
        onConfirm={() => submit.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>It is submitted for your whole team and cannot be changed afterwards. The authors then read it and your inline comments.</p>
        {unchosen > 0 && (
          <p>
            <strong>
              {unchosen} {unchosen === 1 ? 'criterion has' : 'criteria have'} no level yet.
            </strong>
          </p>
        )}
      </ConfirmDialog>
    </form>
  );
}
