import type { Transaction } from 'kysely';
import { decodeAnchorPosition } from '../../../shared/anchors';
import type { NeedsYouReason } from '../../../shared/schemas/activity';
import type { ThreadStatus } from '../../../shared/schemas/threads';
import type { Database, ThreadReplyRow, ThreadRow } from '../../db/schema';
import { newId } from '../../db/ids';
import { recordEvent } from '../activity/event-log';
import { earlierRepliers, notifyOfFeedback } from '../notifications/feedback-notifications';
import { audienceOf, canSee } from './visibility';

/**
 * Feedback in the event log, recorded in the transaction that
 * writes it. Each event carries its thread's visibility, and tells the
 * people it needs: those mentioned, the thread's author of a reply, and the
 * writer of the text a new thread is anchored to. The same people get a
 * notification (notifications/feedback-notifications.ts), in the same
 * transaction; a reply also notifies those who replied in the thread before,
 * and a decision on a suggestion notifies its author.
 */

type Recipient = { userId: string; reason: NeedsYouReason };

function threadEvent(thread: ThreadRow) {
  return {
    groupId: thread.group_id,
    docId: thread.doc_id,
    threadId: thread.id,
    visibility: thread.visibility,
    audienceId: thread.author_id,
  };
}

export async function recordThreadCreated(trx: Transaction<Database>, thread: ThreadRow, mentioned: readonly string[]): Promise<void> {
  const recipients: Recipient[] = mentioned.map((userId) => ({ userId, reason: 'mention' }));
  const textAuthor = await anchoredTextAuthor(trx, thread);
  if (textAuthor) {
    recipients.push({ userId: textAuthor, reason: thread.kind === 'suggestion' ? 'suggestion-on-your-text' : 'thread-on-your-text' });
  }
  await recordEvent(trx, { type: 'thread-created', ...threadEvent(thread), actorId: thread.author_id, recipients, at: thread.created_at });
  await notifyOfFeedback(trx, { thread, actorId: thread.author_id, at: thread.created_at, recipients });
}

export async function recordReplyCreated(
  trx: Transaction<Database>,
  thread: ThreadRow,
  reply: ThreadReplyRow,
  mentioned: readonly string[],
): Promise<void> {
  const recipients: Recipient[] = [
    ...mentioned.map((userId): Recipient => ({ userId, reason: 'mention' })),
    { userId: thread.author_id, reason: 'reply' },
  ];
  await recordEvent(trx, {
    type: 'reply-created',
    ...threadEvent(thread),
    replyId: reply.id,
    actorId: reply.author_id,
    recipients,
    at: reply.created_at,
  });
  const repliedIn = (await earlierRepliers(trx, thread.id, reply)).map((userId) => ({ userId, reason: 'replied-in' as const }));
  await notifyOfFeedback(trx, { thread, reply, actorId: reply.author_id, at: reply.created_at, recipients: [...recipients, ...repliedIn] });
}

/**
 * Members an edit of a thread's or reply's body mentions for the first time
 * are told, as a new mention would tell them (not the feed: the thread is not
 * new to it).
 */
export async function recordMentionsAdded(
  trx: Transaction<Database>,
  thread: ThreadRow,
  reply: ThreadReplyRow | null,
  actorId: string,
  added: readonly string[],
  at: number,
): Promise<void> {
  if (added.length === 0) return;
  const recipients = added.map((userId) => ({ userId, reason: 'mention' as const }));
  await notifyOfFeedback(trx, { thread, ...(reply ? { reply } : {}), actorId, at, recipients, mentionAddedByEdit: true });
}

/** A decision (resolved, accepted, rejected, reopened): in the thread's status history, and in the event log. */
export async function recordStatusChanged(
  trx: Transaction<Database>,
  thread: ThreadRow,
  by: string,
  status: ThreadStatus,
  at: number,
): Promise<void> {
  const id = newId();
  await trx.insertInto('thread_status_changes').values({ id, thread_id: thread.id, user_id: by, status, created_at: at }).execute();
  await recordEvent(trx, { type: 'thread-status-changed', ...threadEvent(thread), actorId: by, payload: { status }, at });
  if (thread.kind === 'suggestion' && (status === 'accepted' || status === 'rejected')) {
    const recipients = [{ userId: thread.author_id, reason: 'decision' as const }];
    await notifyOfFeedback(trx, { thread, actorId: by, at, decision: { id, status }, recipients });
  }
}

/**
 * Who wrote the text a thread is anchored to: the owner of the Yjs client id
 * of its first character (the anchor's start is that item's id), as the
 * contribution report counts feedback received. Null when the start is not
 * an item, its writer is unknown or is the thread's author, or is no longer
 * a member who may see the thread.
 */
async function anchoredTextAuthor(trx: Transaction<Database>, thread: ThreadRow): Promise<string | null> {
  const item = decodeAnchorPosition(thread.anchor_start)?.item;
  if (!item) return null;
  const owner = await trx
    .selectFrom('doc_client_ids')
    .innerJoin('memberships', (join) =>
      join.onRef('memberships.user_id', '=', 'doc_client_ids.user_id').on('memberships.group_id', '=', thread.group_id),
    )
    .select(['doc_client_ids.user_id', 'memberships.role'])
    .where('doc_client_ids.doc_id', '=', thread.doc_id)
    .where('doc_client_ids.client_id', '=', item.client)
    .executeTakeFirst();
  if (!owner || owner.user_id === thread.author_id) return null;
  return canSee({ userId: owner.user_id, role: owner.role }, audienceOf(thread)) ? owner.user_id : null;
}
