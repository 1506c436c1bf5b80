import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { DecideSuggestionsResponse, Thread } from '../../../shared/schemas/threads';
import { callFeedback } from '../api/feedback-endpoints';
import { ConfirmDialog } from '../history/confirm-dialog';
import { InlineError } from '../ui/error-panel';
import { updateThreadCache } from '../threads/thread-cache';

type Decision = 'accepted' | 'rejected';

const words: Record<Decision, { button: string; title: string; confirm: string; done: string }> = {
  accepted: { button: 'Accept all', title: 'Accept all suggestions?', confirm: 'Accept all', done: 'accepted' },
  rejected: { button: 'Reject all', title: 'Reject all suggestions?', confirm: 'Reject all', done: 'rejected' },
};

/**
 * "Accept all" and "Reject all" in the feedback panel, for whoever may
 * decide the open suggestions shown (each thread's `can`). The server
 * decides each as one decision would (accepting writes its text into the
 * document in the same step) and reports the ones it skipped, with why.
 */
export function DecideAllSuggestions({ docId, threads }: { docId: string; threads: readonly Thread[] }) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<Decision | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const open = threads.filter((t) => t.kind === 'suggestion' && t.status === 'open' && t.deletedAt === null);
  const acceptable = open.filter((t) => t.can.accept);
  const rejectable = open.filter((t) => t.can.reject);
  const decide = useMutation({
    mutationFn: (status: Decision) => callFeedback('POST /api/docs/:docId/suggestions/decide', { params: { docId }, body: { status } }),
    onSuccess: (answer: DecideSuggestionsResponse, status) => {
      updateThreadCache(queryClient, docId, ...answer.decided.map((thread) => ({ type: 'thread' as const, thread })));
      const skipped = answer.skipped.length;
      setReport(
        `${answer.decided.length} ${answer.decided.length === 1 ? 'suggestion' : 'suggestions'} ${words[status].done}` +
          (skipped ? `; ${skipped} skipped: ${[...new Set(answer.skipped.map((s) => s.reason))].join(' ')}` : '.'),
      );
      setAsking(null);
    },
  });
  if (acceptable.length === 0 && rejectable.length === 0 && !report) return null;
  const count = asking === 'accepted' ? acceptable.length : rejectable.length;
  return (
    <div className="decide-all">
      {acceptable.length > 0 && (
        <button type="button" className="button small" onClick={() => setAsking('accepted')}>
          {words.accepted.button} ({acceptable.length})
        </button>
      )}
      {rejectable.length > 0 && (
        <button type="button" className="button small quiet" onClick={() => setAsking('rejected')}>
          {words.rejected.button} ({rejectable.length})
        </button>
      )}
      {report && (
        <p className="muted small" role="status">
          {report}
        </p>
      )}
      <ConfirmDialog
        open={asking !== null}
        title={asking ? words[asking].title : ''}
        confirmLabel={asking ? words[asking].confirm : ''}
        pending={decide.isPending}
        onConfirm={() => asking && decide.mutate(asking)}
        onCancel={() => {
          setAsking(null);
          decide.reset();
        }}
      >
        <p>
          {asking === 'accepted'
            ? `The ${count} open ${count === 1 ? 'suggestion' : 'suggestions'} will be written into the text, each credited to whoever suggested it.`
            : `The ${count} open ${count === 1 ? 'suggestion' : 'suggestions'} will be rejected; the text stays as it is.`}
        </p>
        {decide.isError && <InlineError error={decide.error} />}
      </ConfirmDialog>
    </div>
  );
}
