import type { Person, Reply, Thread, ThreadStreamEvent } from '../../../shared/schemas/threads';
import { type FeedbackViewer, replyCan, threadCan } from '../../../shared/thread-rules';
import { type Masks, type MemberNames, namesFor } from '../access/member-names';
import type { PersonRow, ReplyRecord, ThreadRecord } from './thread-reads';

/**
 * A thread or reply as it is published to everyone who may see it
 * (thread-events.ts): all of it but `can`, which depends on the reader and is
 * added for each one (`threadFor`, `replyFor`), by the route that answers
 * them or by the live stream that writes to them. The group's aliased
 * members travel with it (`masks`) and are hidden from each reader as
 * member-names.ts says, when it is addressed to them; `masks` never leaves.
 */
export type PublishedReply = Omit<Reply, 'can'> & { masks: Masks };
export type PublishedThread = Omit<Thread, 'can' | 'replies'> & { replies: PublishedReply[]; masks: Masks };

/** A change to a document's feedback as published, before it is addressed to a reader. */
export type PublishedThreadEvent =
  | { type: 'thread'; thread: PublishedThread }
  | { type: 'reply'; reply: PublishedReply }
  | Extract<ThreadStreamEvent, { type: 'thread-deleted' | 'reply-deleted' }>;

/** Feedback names people by id and name only: no email travels with a comment. */
export function presentPerson(person: PersonRow): Person {
  return { id: person.id, name: person.name };
}

export function publishedReply({ reply, author, mentions, masks }: ReplyRecord): PublishedReply {
  return {
    masks,
    id: reply.id,
    threadId: reply.thread_id,
    author: presentPerson(author),
    body: reply.body,
    mentions: mentions.map(presentPerson),
    createdAt: reply.created_at,
    editedAt: reply.edited_at,
  };
}

export function publishedThread(record: ThreadRecord): PublishedThread {
  const { thread } = record;
  return {
    masks: record.masks,
    id: thread.id,
    docId: thread.doc_id,
    kind: thread.kind,
    visibility: thread.visibility,
    status: thread.status,
    author: presentPerson(record.author),
    body: thread.body,
    mentions: record.mentions.map(presentPerson),
    tag: record.tag && { id: record.tag.id, name: record.tag.name },
    replacement: thread.replacement,
    anchor: {
      start: thread.anchor_start,
      end: thread.anchor_end,
      quote: thread.quote,
      prefix: thread.prefix,
      suffix: thread.suffix,
    },
    createdAt: thread.created_at,
    editedAt: thread.edited_at,
    deletedAt: thread.deleted_at,
    statusChange:
      record.statusBy && thread.status_at !== null
        ? { status: thread.status, by: presentPerson(record.statusBy), at: thread.status_at }
        : null,
    anchorChange:
      record.anchoredBy && thread.anchored_at !== null ? { by: presentPerson(record.anchoredBy), at: thread.anchored_at } : null,
    replies: record.replies.map(publishedReply),
  };
}

/** A reply with what `viewer` may do with it, its people as `viewer` sees them. */
export function replyFor(viewer: FeedbackViewer, { masks, ...reply }: PublishedReply): Reply {
  const names = namesFor(masks, viewer);
  return {
    ...reply,
    author: names.person(reply.author),
    body: names.body(reply.body),
    mentions: reply.mentions.map(names.person),
    can: replyCan(viewer, { authorId: reply.author.id }),
  };
}

/** A thread, and each of its replies, with what `viewer` may do with it, its people as `viewer` sees them. */
export function threadFor(viewer: FeedbackViewer, { masks, ...thread }: PublishedThread): Thread {
  const facts = { authorId: thread.author.id, kind: thread.kind, status: thread.status, deleted: thread.deletedAt !== null };
  const names: MemberNames = namesFor(masks, viewer);
  return {
    ...thread,
    author: names.person(thread.author),
    body: names.body(thread.body),
    mentions: thread.mentions.map(names.person),
    statusChange: thread.statusChange && { ...thread.statusChange, by: names.person(thread.statusChange.by) },
    anchorChange: thread.anchorChange && { ...thread.anchorChange, by: names.person(thread.anchorChange.by) },
    replies: thread.replies.map((reply) => replyFor(viewer, reply)),
    can: threadCan(viewer, facts),
  };
}

/** A published change as one reader of the live stream receives it. */
export function eventFor(viewer: FeedbackViewer, event: PublishedThreadEvent): ThreadStreamEvent {
  if (event.type === 'thread') return { type: 'thread', thread: threadFor(viewer, event.thread) };
  if (event.type === 'reply') return { type: 'reply', reply: replyFor(viewer, event.reply) };
  return event;
}

export function presentReply(record: ReplyRecord, viewer: FeedbackViewer): Reply {
  return replyFor(viewer, publishedReply(record));
}

export function presentThread(record: ThreadRecord, viewer: FeedbackViewer): Thread {
  return threadFor(viewer, publishedThread(record));
}
