import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '../history/confirm-dialog';
import { formatDue } from '../assignments/due-time';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel, InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { AllocationTable } from './allocation-table';
import { callPeerReview } from './peer-review-endpoints';
import { peerReviewKeys, useAllocation, useAssignmentReviews } from './peer-review-queries';
import { ReviewsTable } from './reviews-table';
import { StageForm } from './stage-form';

/**
 * The instructor's peer review of an assignment: its settings and rubric,
 * who reviews whom (moved by hand until it opens), opening the reviews, and
 * then every review with names, status, score and helpfulness.
 */
export function PeerReviewInstructor({ assignmentId, courseId }: { assignmentId: string; courseId: string }) {
  const queryClient = useQueryClient();
  const allocation = useAllocation(assignmentId);
  const opened = allocation.data?.allocation?.openedAt != null;
  const reviews = useAssignmentReviews(assignmentId, opened);
  const [confirming, setConfirming] = useState(false);
  const open = useMutation({
    mutationFn: () => callPeerReview('POST /api/assignments/:assignmentId/peer-review/open', { params: { assignmentId } }),
    onSuccess: async (answer) => {
      setConfirming(false);
      queryClient.setQueryData(peerReviewKeys.reviews(assignmentId), answer);
      await queryClient.invalidateQueries({ queryKey: peerReviewKeys.allocation(assignmentId) });
    },
  });

  if (allocation.isPending) return <Loading label="Loading the peer review…" />;
  if (allocation.isError) return <ErrorPanel error={allocation.error} onRetry={() => void allocation.refetch()} />;
  const current = allocation.data.allocation;

  return (
    <>
      <StageForm key={current?.updatedAt ?? 'none'} assignmentId={assignmentId} courseId={courseId} allocation={current} />
      {current && (
        <section className="peer-review-part" aria-labelledby="allocation-title">
          <div className="section-head">
            <div>
              <h3 id="allocation-title">Who reviews whom</h3>
              <p className="muted small">
                {current.openedAt !== null
                  ? `Open since ${formatDue(current.openedAt)}: the allocation no longer changes.`
                  : current.opensAt !== null
                    ? `Opens by itself ${formatDue(current.opensAt)}, or when you open it.`
                    : 'The reviews open when you open them.'}
              </p>
            </div>
            {current.openedAt === null && (
              <button type="button" className="button primary small" onClick={() => setConfirming(true)}>
                Open reviews now
              </button>
            )}
          </div>
          {current.teams.length < 2 ? (
            <EmptyState icon="groups" title="Peer review needs two teams or more" headingLevel={3} compact>
              <p>Form teams on the course page, then allocate again.</p>
            </EmptyState>
          ) : (
            <AllocationTable allocation={current} />
          )}
          {open.isError && <InlineError error={open.error} />}
        </section>
      )}
      {opened && (
        <section className="peer-review-part" aria-labelledby="reviews-title">
          <h3 id="reviews-title">Reviews</h3>
          {reviews.isPending ? (
            <Loading label="Loading the reviews…" />
          ) : reviews.isError ? (
            <InlineError error={reviews.error} />
          ) : (
            <ReviewsTable reviews={reviews.data.reviews} />
          )}
        </section>
      )}
      <ConfirmDialog open={confirming} title="Open the reviews now?" confirmLabel="Open reviews" pending={open.isPending} onConfirm={() => open.mutate()} onCancel={() => setConfirming(false)}>
        <p>Each submitted document goes to its reviewing teams now; a team that submits later gets its reviews then. The allocation cannot change after this.</p>
      </ConfirmDialog>
    </>
  );
}
