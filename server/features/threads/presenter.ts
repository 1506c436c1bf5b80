import type { Person, Reply, Thread } from '../../../shared/schemas/threads';
import type { PersonRow, ReplyRecord, ThreadRecord } from './thread-reads';

/** Feedback names people by id and name only: no email travels with a comment. */
export function presentPerson(person: PersonRow): Person {
  return { id: person.id, name: person.name };
}

export function presentReply({ reply, author, mentions }: ReplyRecord): Reply {
  return {
    id: reply.id,
    threadId: reply.thread_id,
    author: presentPerson(author),
    body: reply.body,
    mentions: mentions.map(presentPerson),
    createdAt: reply.created_at,
    editedAt: reply.edited_at,
  };
}

export function presentThread(record: ThreadRecord): Thread {
  const { thread } = record;
  return {
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
    replies: record.replies.map(presentReply),
  };
}
