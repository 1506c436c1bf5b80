import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Thread } from '../../../shared/schemas/threads';
import { callFeedback } from '../api/feedback-endpoints';
import { updateThreadCache, type ThreadChange } from './thread-cache';
import { useFeedbackScope } from './feedback-scope';

/**
 * A feedback request whose answer is applied to the cached list at once. The
 * stream brings the same change a moment later (to us and to everyone else);
 * applying it twice is harmless (thread-cache.ts).
 */
export function useThreadAction<Vars = void>(action: (vars: Vars) => Promise<ThreadChange | null>) {
  const { docId } = useFeedbackScope();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: action,
    onSuccess: (change) => {
      if (change) updateThreadCache(queryClient, docId, change);
    },
  });
}

/**
 * What a deleted thread becomes: gone, or a tombstone when it has replies (as
 * the server does). Nothing is offered on a tombstone until the stream brings
 * the server's own copy of it, with its `can`.
 */
export function deletedThreadChange(thread: Thread): ThreadChange {
  const nothing = Object.fromEntries(Object.keys(thread.can).map((action) => [action, false])) as Thread['can'];
  return thread.replies.length > 0
    ? { type: 'thread', thread: { ...thread, body: '', mentions: [], deletedAt: Date.now(), can: nothing } }
    : { type: 'thread-deleted', threadId: thread.id };
}

/**
 * Accepts a suggestion. The server writes its text into the document as the
 * suggester's edit (so the words are credited to them, not to whoever
 * accepted), and this editor receives it like anyone's typing: nothing is
 * applied here. A 409 says why it could not be accepted (decided meanwhile,
 * or its text is gone), and then nothing changed.
 */
export async function acceptSuggestion(thread: Thread): Promise<ThreadChange> {
  const answer = await callFeedback('PATCH /api/threads/:threadId', { params: { threadId: thread.id }, body: { status: 'accepted' } });
  return { type: 'thread', thread: answer.thread };
}
