import type { Transaction } from 'kysely';
import type { Role } from '../../../shared/permissions';
import type { NeedsYouReason } from '../../../shared/schemas/activity';
import type { NotificationKind } from '../../../shared/schemas/notifications';
import type { ThreadKind } from '../../../shared/schemas/threads';
import { newId } from '../../db/ids';
import type { Database, ThreadReplyRow, ThreadRow } from '../../db/schema';
import { groupMasks, namesFor } from '../access/member-names';
import { excerptOf } from '../activity/feed-text';
import { audienceOf, canSee } from '../threads/visibility';

/**
 * Notifications of feedback, written in the transaction that writes the
 * feedback, so one exists exactly when its cause does. Whom to tell is the
 * feed's own list of the people an event needs (threads/thread-activity.ts),
 * plus, for a reply, those who replied in the thread before (`replied-in`),
 * and, for a decision, the suggestion's author.
 *
 * Three rules hold whatever the caller passes: the actor is never told of
 * their own doing; nobody is told of feedback they may not see now (a
 * member who left, or anyone but the instructors and its author for private
 * feedback), so a notification never leads to, or quotes, what its reader
 * may not read; and one cause tells a member once (unique user and cause),
 * with the first reason given for them.
 */

/** Why a member is told: the feed's reasons, a reply in a thread they replied in, or a decision on their suggestion. */
export type NotifyReason = NeedsYouReason | 'replied-in' | 'decision';

const kindOf: Record<NotifyReason, NotificationKind> = {
  mention: 'mentions',
  reply: 'replies',
  'replied-in': 'replies',
  'suggestion-on-your-text': 'suggestions',
  'thread-on-your-text': 'suggestions',
  decision: 'decisions',
};

export interface FeedbackCause {
  thread: ThreadRow;
  actorId: string;
  at: number;
  /** The reply that is the cause, for a reply. */
  reply?: ThreadReplyRow;
  /** The decision that is the cause (its row in thread_status_changes), for an accepted or rejected suggestion. */
  decision?: { id: string; status: 'accepted' | 'rejected' };
  recipients: readonly { userId: string; reason: NotifyReason }[];
  /** The cause is an edit of the thread's or reply's body that mentions someone it did not before. */
  mentionAddedByEdit?: boolean;
}

export async function notifyOfFeedback(trx: Transaction<Database>, cause: FeedbackCause): Promise<void> {
  const { thread, reply, decision } = cause;
  const reasons = new Map<string, NotifyReason>();
  for (const { userId, reason } of cause.recipients) {
    if (userId !== cause.actorId && !reasons.has(userId)) reasons.set(userId, reason);
  }
  if (reasons.size === 0) return;

  const members = await trx
    .selectFrom('memberships')
    .select(['user_id', 'role'])
    .where('group_id', '=', thread.group_id)
    .where('user_id', 'in', [...reasons.keys()])
    .execute();
  const readers = members.filter((m) => canSee({ userId: m.user_id, role: m.role }, audienceOf(thread)));
  if (readers.length === 0) return;

  const names = await trx
    .selectFrom('documents')
    .select('documents.title')
    .select((eb) => eb.selectFrom('users').select('users.name').where('users.id', '=', cause.actorId).as('actor'))
    .select((eb) => eb.selectFrom('users').select('users.name').where('users.id', '=', thread.author_id).as('author'))
    .where('documents.id', '=', thread.doc_id)
    .executeTakeFirstOrThrow();
  // Each reader is told of people as they may know them in the group (member-names.ts): an alias, unless they are its instructor.
  const masks = (await groupMasks(trx, [thread.group_id])).get(thread.group_id) ?? {};
  const told = (reader: { user_id: string; role: Role }) => {
    const shown = namesFor(masks, { userId: reader.user_id, role: reader.role });
    const words: Words = {
      actor: shown.name(cause.actorId, names.actor ?? 'Someone'),
      author: shown.name(thread.author_id, names.author ?? 'someone'),
      doc: names.title,
    };
    const heard = { ...cause, thread: { ...thread, body: shown.body(thread.body) }, reply: reply && { ...reply, body: shown.body(reply.body) } };
    return sentence(reasons.get(reader.user_id)!, heard, words);
  };

  // A mention added by editing is a cause of its own (the member may have been told of the thread already, for
  // another reason), once per body: mentioned, left out and mentioned again is told once.
  const causeKey = decision
    ? `decision:${decision.id}`
    : cause.mentionAddedByEdit
      ? `mention:${reply ? `reply:${reply.id}` : `thread:${thread.id}`}`
      : reply
        ? `reply:${reply.id}`
        : `thread:${thread.id}`;
  const link = `/docs/${thread.doc_id}?thread=${thread.id}${reply ? `&reply=${reply.id}` : ''}`;
  await trx
    .insertInto('notifications')
    .values(
      readers.map((m) => {
        const reason = reasons.get(m.user_id)!;
        return {
          id: newId(),
          user_id: m.user_id,
          kind: kindOf[reason],
          actor_id: cause.actorId,
          group_id: thread.group_id,
          doc_id: thread.doc_id,
          thread_id: thread.id,
          cause: causeKey,
          text: told(m),
          link,
          created_at: cause.at,
          read_at: null,
          mailed_at: null,
        };
      }),
    )
    .onConflict((oc) => oc.columns(['user_id', 'cause']).doNothing())
    .execute();
}

/** Those who replied in a thread before `reply`: a new reply tells them too. */
export async function earlierRepliers(trx: Transaction<Database>, threadId: string, reply: ThreadReplyRow): Promise<string[]> {
  const rows = await trx
    .selectFrom('thread_replies')
    .select('author_id')
    .distinct()
    .where('thread_id', '=', threadId)
    .where('id', '!=', reply.id)
    .execute();
  return rows.map((row) => row.author_id);
}

interface Words {
  actor: string;
  author: string;
  doc: string;
}

const kindNoun: Record<ThreadKind, string> = { comment: 'comment', annotation: 'annotation', suggestion: 'suggestion' };
const quoted = (text: string) => `“${excerptOf(text)}”`;
const article = (word: string) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

/** The notification's one sentence, as its reader reads it. */
function sentence(reason: NotifyReason, { thread, reply, decision, actorId }: FeedbackCause, { actor, author, doc }: Words): string {
  const noun = kindNoun[thread.kind];
  const what = reply ? 'a reply' : article(noun);
  const said = reply ? reply.body : thread.kind === 'suggestion' && thread.body === '' ? (thread.replacement ?? '') : thread.body;
  const note = excerptOf(said) === '' ? '.' : `: ${quoted(said)}`;
  switch (reason) {
    case 'mention':
      return `${actor} mentioned you in ${what} on ${doc}${note}`;
    case 'reply':
      return `${actor} replied to your ${noun} on ${doc}${note}`;
    case 'replied-in': {
      const whose = thread.author_id === actorId ? 'their' : `${author}’s`;
      return `${actor} replied to ${whose} ${noun} on ${doc}${note}`;
    }
    case 'suggestion-on-your-text': {
      const replacement = thread.replacement ?? '';
      if (replacement === '') return `${actor} suggested deleting ${quoted(thread.quote)} from your text in ${doc}.`;
      if (thread.quote === '') return `${actor} suggested inserting ${quoted(replacement)} in your text in ${doc}.`;
      return `${actor} suggested replacing ${quoted(thread.quote)} with ${quoted(replacement)} in your text in ${doc}.`;
    }
    case 'thread-on-your-text':
      return `${actor} ${thread.kind === 'annotation' ? 'annotated' : 'commented on'} your text in ${doc}${note}`;
    case 'decision': {
      const replacement = thread.replacement ?? '';
      return `${actor} ${decision?.status ?? 'decided on'} your suggestion on ${doc}${replacement === '' ? '.' : `: ${quoted(replacement)}`}`;
    }
  }
}
