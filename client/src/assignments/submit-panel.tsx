import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Assignment, AssignmentTeam } from '../../../shared/schemas/courses';
import { callCourses } from '../api/course-endpoints';
import { queryKeys } from '../api/queries';
import { ConfirmDialog } from '../history/confirm-dialog';
import { InlineError } from '../ui/error-panel';
import { assignmentKeys } from './assignment-queries';
import { useNow } from './countdown';
import { formatDue, formatMoment } from './due-time';

/**
 * The team's submission: who submitted and when, and the button to submit
 * (any member, for the whole team). Before the due time a submission can be
 * replaced ("Resubmit"); after it, work is accepted only when the
 * assignment takes late work, and then marked late; a locked copy takes none.
 */
export function SubmitPanel({ assignment, team }: { assignment: Assignment; team: AssignmentTeam }) {
  const queryClient = useQueryClient();
  const now = useNow(team.dueAt);
  const [confirming, setConfirming] = useState(false);
  const submit = useMutation({
    mutationFn: () => callCourses('POST /api/assignments/:assignmentId/submit', { params: { assignmentId: assignment.id } }),
    onSuccess: async () => {
      setConfirming(false);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: assignmentKeys.one(assignment.id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.home }),
      ]);
    },
  });
  const { submission } = team;
  const past = now >= team.dueAt;
  const action = submitAction({ opened: team.doc !== null, locked: team.locked, past, submitted: submission !== null });

  return (
    <div className="submit-panel">
      {submission ? (
        <p className="submitted" data-submitted>
          Submitted at{' '}
          <time dateTime={new Date(submission.submittedAt).toISOString()} title={formatDue(submission.submittedAt)}>
            {formatMoment(submission.submittedAt, now)}
          </time>{' '}
          by {submission.submittedBy.name}
          {submission.late && <span className="attention-flag">late</span>}
        </p>
      ) : (
        <p className="muted">{action === 'none' && team.locked ? 'Nothing was submitted before the document locked.' : 'Not submitted yet.'}</p>
      )}
      {action !== 'none' && (
        <button type="button" className={submission ? 'button' : 'button primary'} onClick={() => setConfirming(true)}>
          {action === 'resubmit' ? 'Resubmit' : action === 'submit-late' ? 'Submit late' : 'Submit'}
        </button>
      )}
      {submit.isError && <InlineError error={submit.error} />}
      <ConfirmDialog
        open={confirming}
        title={action === 'resubmit' ? 'Resubmit for your team?' : 'Submit for your team?'}
        confirmLabel={action === 'resubmit' ? 'Resubmit' : 'Submit'}
        pending={submit.isPending}
        onConfirm={() => submit.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          The document as it is now becomes the submission of {team.team.name}, a locked version your team and your instructors see.
          {action === 'resubmit' && ' It replaces the earlier submission.'}
        </p>
        <p>
          {past
            ? 'The due time has passed: the submission is marked late.'
            : `You can resubmit until the due time, ${formatDue(team.dueAt)}.`}
        </p>
      </ConfirmDialog>
    </div>
  );
}

export type SubmitAction = 'submit' | 'resubmit' | 'submit-late' | 'none';

/** Which button the team gets: none before its copy exists or once locked; resubmitting only before the due time. */
export function submitAction({ opened, locked, past, submitted }: { opened: boolean; locked: boolean; past: boolean; submitted: boolean }): SubmitAction {
  if (!opened || locked) return 'none';
  if (!past) return submitted ? 'resubmit' : 'submit';
  return submitted ? 'none' : 'submit-late';
}
