import { useEffect, useRef } from 'react';
import type { Thread } from '../../../shared/schemas/threads';
import type { Announcement } from '../ui/announcement-queue';
import { announce } from '../ui/live-announcer';

/**
 * Others' new threads and replies, told to screen readers as they arrive
 * live ("New comment from Ana"; several at once are counted by the
 * announcer). What the list held when it first loaded, and what the reader
 * wrote, is not news; edits, status changes and remote typing are not
 * announced at all.
 */

/** Every thread and reply id in the list. */
export function feedbackIds(threads: readonly Thread[]): Set<string> {
  const ids = new Set<string>();
  for (const thread of threads) {
    ids.add(thread.id);
    for (const reply of thread.replies) ids.add(reply.id);
  }
  return ids;
}

/** The announcements for what `threads` holds beyond `seen`, written by someone other than `selfId`. */
export function newFeedback(seen: ReadonlySet<string>, threads: readonly Thread[], selfId: string): Announcement[] {
  const found: Announcement[] = [];
  for (const thread of threads) {
    if (!seen.has(thread.id) && thread.author.id !== selfId && thread.deletedAt === null) {
      found.push({ kind: 'feedback', what: thread.kind, from: thread.author.name });
    }
    for (const reply of thread.replies) {
      if (!seen.has(reply.id) && reply.author.id !== selfId) found.push({ kind: 'feedback', what: 'reply', from: reply.author.name });
    }
  }
  return found;
}

/** Announces others' new feedback in `threads` (undefined while the list loads). */
export function useFeedbackAnnouncements(threads: readonly Thread[] | undefined, selfId: string): void {
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!threads) return;
    if (seen.current) for (const announcement of newFeedback(seen.current, threads, selfId)) announce(announcement);
    seen.current = feedbackIds(threads);
  }, [threads, selfId]);
}
