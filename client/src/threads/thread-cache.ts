import type { QueryClient } from '@tanstack/react-query';
import type { Reply, Thread, ThreadStreamEvent } from '../../../shared/schemas/threads';
import type { ThreadList } from '../api/feedback-endpoints';
import { queryKeys } from '../api/queries';

/** The events that change the list: what the stream sends, and what our own requests answer. */
export type ThreadChange = Extract<ThreadStreamEvent, { type: 'thread' | 'thread-deleted' | 'reply' | 'reply-deleted' }>;

const byCreation = <T extends { createdAt: number; id: string }>(a: T, b: T) =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function upsert<T extends { id: string; createdAt: number }>(items: readonly T[], item: T): T[] {
  const at = items.findIndex((existing) => existing.id === item.id);
  if (at === -1) return [...items, item].sort(byCreation);
  const next = [...items];
  next[at] = item;
  return next;
}

function withReply(thread: Thread, reply: Reply): Thread {
  return { ...thread, replies: upsert(thread.replies, reply) };
}

/**
 * One change applied to the list, as a pure function: a `thread` event
 * carries the whole thread (replies included) and replaces it; a `reply`
 * event inserts or replaces one reply; deletions remove. Applying a change
 * twice gives the same list, so an event that also came back as the answer
 * to our own request, or that is applied again after a reload, is harmless.
 * A reply to a thread the list does not hold is dropped: the thread's own
 * event, or the next reload, brings it.
 */
export function applyThreadChange(list: ThreadList, change: ThreadChange): ThreadList {
  switch (change.type) {
    case 'thread':
      return { threads: upsert(list.threads, change.thread) };
    case 'thread-deleted':
      return { threads: list.threads.filter((thread) => thread.id !== change.threadId) };
    case 'reply':
      return {
        threads: list.threads.map((thread) => (thread.id === change.reply.threadId ? withReply(thread, change.reply) : thread)),
      };
    case 'reply-deleted':
      return {
        threads: list.threads.map((thread) =>
          thread.id === change.threadId ? { ...thread, replies: thread.replies.filter((reply) => reply.id !== change.replyId) } : thread,
        ),
      };
  }
}

/** Applies changes to the cached list of a document, if it is loaded. */
export function updateThreadCache(queryClient: QueryClient, docId: string, ...changes: ThreadChange[]): void {
  queryClient.setQueryData<ThreadList>(queryKeys.threads(docId), (list) => (list ? changes.reduce(applyThreadChange, list) : list));
}
