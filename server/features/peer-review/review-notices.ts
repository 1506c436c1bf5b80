import type { Transaction } from 'kysely';
import { newId } from '../../db/ids';
import type { Database } from '../../db/schema';

/**
 * What a peer review tells the learners it concerns, in their notification
 * inbox: the reviewing team that it has a review to write (when the review
 * is made), the reviewed team that its work was reviewed (when the review is
 * submitted), and the reviewing team how helpful it was found (at the first
 * rating). They are notices about an assignment's work, so they are of the
 * `reminders` kind beside the due-time reminders; they stay in the inbox
 * (marked mailed: the notification mail does not send them), where each
 * links to the review.
 *
 * The texts name neither team nor anyone in them, only the labels the
 * reader knows the other side by ("Submission N", "Reviewer N"), so they
 * keep whatever anonymity the stage has. Each is written once per reader
 * and cause, in the transaction that causes it.
 */
export interface ReviewNotice {
  /** One notice per cause and reader: `review-to-write`, `review-received` or `review-rated`. */
  cause: 'review-to-write' | 'review-received' | 'review-rated';
  reviewId: string;
  readers: readonly string[];
  text: string;
}

export async function sendReviewNotices(trx: Transaction<Database>, notices: readonly ReviewNotice[], at: number): Promise<void> {
  const rows = notices.flatMap((notice) => notice.readers.map((userId) => ({ notice, userId })));
  if (rows.length === 0) return;
  await trx
    .insertInto('notifications')
    .values(
      rows.map(({ notice, userId }) => ({
        id: newId(),
        user_id: userId,
        kind: 'reminders' as const,
        actor_id: null,
        group_id: null,
        doc_id: null,
        thread_id: null,
        cause: `${notice.cause}:${notice.reviewId}`,
        text: notice.text,
        link: `/reviews/${notice.reviewId}`,
        created_at: at,
        read_at: null,
        mailed_at: at,
      })),
    )
    .onConflict((conflict) => conflict.columns(['user_id', 'cause']).doNothing())
    .execute();
}
