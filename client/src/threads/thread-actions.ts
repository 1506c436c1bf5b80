import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Thread } from '../../../shared/schemas/threads';
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
