import type { Kysely } from 'kysely';
import { plainBodyText } from '../../../shared/mentions';
import type { Database } from '../../db/schema';

/** The threads a person started and the replies they wrote, with the document each is on: theirs alone, no one else's reply. */
export async function ownFeedback(db: Kysely<Database>, userId: string) {
  const threads = await db
    .selectFrom('threads')
    .innerJoin('documents', 'documents.id', 'threads.doc_id')
    .select([
      'threads.id',
      'documents.title as document',
      'threads.kind',
      'threads.visibility',
      'threads.body',
      'threads.quote',
      'threads.replacement',
      'threads.status',
      'threads.created_at',
      'threads.edited_at',
      'threads.deleted_at',
    ])
    .where('threads.author_id', '=', userId)
    .orderBy('threads.created_at')
    .execute();
  const replies = await db
    .selectFrom('thread_replies')
    .innerJoin('threads', 'threads.id', 'thread_replies.thread_id')
    .innerJoin('documents', 'documents.id', 'threads.doc_id')
    .select(['thread_replies.id', 'thread_replies.thread_id', 'documents.title as document', 'thread_replies.body', 'thread_replies.created_at', 'thread_replies.edited_at'])
    .where('thread_replies.author_id', '=', userId)
    .orderBy('thread_replies.created_at')
    .execute();
  return {
    threads: threads.map((row) => ({
      id: row.id,
      document: row.document,
      kind: row.kind,
      visibility: row.visibility,
      // Mentions as "@Name": the id behind a name may be hidden from its writer (an anonymous reviewer).
      body: plainBodyText(row.body),
      quote: row.quote,
      replacement: row.replacement,
      status: row.status,
      createdAt: iso(row.created_at),
      editedAt: isoOrNull(row.edited_at),
      deletedAt: isoOrNull(row.deleted_at),
    })),
    replies: replies.map((row) => ({
      id: row.id,
      threadId: row.thread_id,
      document: row.document,
      body: plainBodyText(row.body),
      createdAt: iso(row.created_at),
      editedAt: isoOrNull(row.edited_at),
    })),
  };
}

/** What feedback.md needs of the feedback. */
interface Feedback {
  threads: readonly { document: string; kind: string; body: string; createdAt: string }[];
  replies: readonly { document: string; body: string; createdAt: string }[];
}

export function feedbackMarkdown(feedback: Feedback): string {
  const lines = ['# Your feedback', ''];
  if (feedback.threads.length === 0 && feedback.replies.length === 0) lines.push('You have not written any feedback.', '');
  for (const thread of feedback.threads) lines.push(`## A ${thread.kind} on “${thread.document}”, ${thread.createdAt}`, '', quoteBlock(thread.body), '');
  for (const reply of feedback.replies) lines.push(`## A reply on “${reply.document}”, ${reply.createdAt}`, '', quoteBlock(reply.body), '');
  return lines.join('\n');
}

function quoteBlock(text: string): string {
  return text === '' ? '> (no text)' : text.split('\n').map((line) => `> ${line}`).join('\n');
}

function iso(ms: number): string {
  return new Date(Number(ms)).toISOString();
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}
