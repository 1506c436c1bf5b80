import type { Kysely } from 'kysely';
import { decodeAnchorPosition } from '../../../shared/anchors';
import type { FeedbackCounts } from '../../../shared/schemas/history';
import type { Database } from '../../db/schema';

/**
 * Feedback given and received in one document, per user, counted from its
 * threads and replies:
 * - given: the threads a user started (comments, annotations, suggestions)
 *   and the replies they wrote; suggestions also count apart, with how many
 *   were accepted;
 * - received: threads by others that start in text the user wrote (the
 *   anchor's start is a Yjs item id, whose client id has an owner), and
 *   replies by others in the threads the user started.
 * Private threads (for instructors) count only when `includePrivate`, so a
 * count never reveals feedback its reader may not see. Deleted threads
 * (tombstones) do not count; their replies do.
 */
export async function feedbackByUser(
  db: Kysely<Database>,
  docId: string,
  owners: ReadonlyMap<number, string>,
  includePrivate: boolean,
): Promise<Map<string, FeedbackCounts>> {
  const threads = await db
    .selectFrom('threads')
    .select(['id', 'author_id', 'kind', 'status', 'anchor_start', 'deleted_at'])
    .where('doc_id', '=', docId)
    .$if(!includePrivate, (qb) => qb.where('visibility', '=', 'group'))
    .execute();
  const replies = await db
    .selectFrom('thread_replies')
    .innerJoin('threads', 'threads.id', 'thread_replies.thread_id')
    .select(['thread_replies.author_id as author', 'threads.author_id as threadAuthor'])
    .where('threads.doc_id', '=', docId)
    .$if(!includePrivate, (qb) => qb.where('threads.visibility', '=', 'group'))
    .execute();

  const counts = new Map<string, FeedbackCounts>();
  const countsFor = (userId: string) => {
    let found = counts.get(userId);
    if (!found) counts.set(userId, (found = emptyFeedback()));
    return found;
  };
  for (const thread of threads) {
    if (thread.deleted_at !== null) continue;
    const given = countsFor(thread.author_id);
    given.threads += 1;
    if (thread.kind === 'annotation') given.annotations += 1;
    if (thread.kind === 'suggestion') {
      given.suggestions += 1;
      if (thread.status === 'accepted') given.suggestionsAccepted += 1;
    }
    const item = decodeAnchorPosition(thread.anchor_start)?.item;
    const textAuthor = item ? owners.get(item.client) : undefined;
    if (textAuthor !== undefined && textAuthor !== thread.author_id) countsFor(textAuthor).received += 1;
  }
  for (const reply of replies) {
    countsFor(reply.author).replies += 1;
    if (reply.author !== reply.threadAuthor) countsFor(reply.threadAuthor).received += 1;
  }
  return counts;
}

export function emptyFeedback(): FeedbackCounts {
  return { threads: 0, replies: 0, annotations: 0, suggestions: 0, suggestionsAccepted: 0, received: 0 };
}

export function addFeedback(into: FeedbackCounts, more: FeedbackCounts): void {
  into.threads += more.threads;
  into.replies += more.replies;
  into.annotations += more.annotations;
  into.suggestions += more.suggestions;
  into.suggestionsAccepted += more.suggestionsAccepted;
  into.received += more.received;
}
