import type { Kysely, Updateable } from 'kysely';
import type { z } from 'zod';
import type { createThreadBody, ThreadCounts, ThreadsQuery, updateThreadBody } from '../../../shared/schemas/threads';
import { feedbackLimits } from '../../../shared/schemas/threads';
import { newId } from '../../db/ids';
import type { Page } from '../../db/page-cursor';
import type { Database, ThreadReplyRow, ThreadRow, ThreadsTable } from '../../db/schema';
import { AppError, conflict, notFound } from '../../errors';
import type { Tags } from '../tags/service';
import type { AcceptedSuggestions } from './accept-suggestion';
import { mentionedMembers, recordMentions } from './mention-records';
import { publishedReply, publishedThread } from './presenter';
import { recordMentionsAdded, recordReplyCreated, recordStatusChanged, recordThreadCreated } from './thread-activity';
import type { ThreadEvents } from './thread-events';
import {
  checkBodyEdit,
  checkReanchor,
  checkReplacementChange,
  checkStatusChange,
  checkTagChange,
  requireAuthor,
  requireNotDeleted,
} from './thread-policy';
import { countThreads, listThreads, loadReply, loadThread, type ReplyRecord, type ThreadRecord } from './thread-reads';
import { audienceOf, canSee, type Viewer } from './visibility';

export type NewThread = z.output<typeof createThreadBody>;
export type ThreadChanges = z.output<typeof updateThreadBody>;

/** A thread the caller can see, with the caller as its viewer. */
export interface LocatedThread {
  thread: ThreadRow;
  viewer: Viewer;
}

export interface LocatedReply extends LocatedThread {
  reply: ThreadReplyRow;
}

/**
 * Feedback threads and their replies. Routes find
 * the thread for the caller (`locate`: 404 unless they are a member who may
 * see it) and check the capability; rules that depend on the thread itself
 * (authorship, kind, status) are checked here, inside the transaction that
 * writes, on the row as it is then. Every change is published to the live
 * streams once committed.
 */
export class Threads {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly tags: Tags,
    private readonly events: ThreadEvents,
    private readonly suggestions: AcceptedSuggestions,
    private readonly now: () => number = Date.now,
  ) {}

  async list(docId: string, viewer: Viewer, query: ThreadsQuery): Promise<{ page: Page<ThreadRecord>; counts: ThreadCounts }> {
    const page = await listThreads(this.db, docId, viewer, query);
    return { page, counts: await countThreads(this.db, docId, viewer) };
  }

  /** The thread and the caller's role in its group; 404 when they are not a member or may not see it. */
  async locate(userId: string, threadId: string): Promise<LocatedThread> {
    const row = await this.db
      .selectFrom('threads')
      .innerJoin('memberships', (join) =>
        join.onRef('memberships.group_id', '=', 'threads.group_id').on('memberships.user_id', '=', userId),
      )
      .selectAll('threads')
      .select('memberships.role')
      .where('threads.id', '=', threadId)
      .executeTakeFirst();
    if (!row) throw notFound('This thread');
    const { role, ...thread } = row;
    const viewer = { userId, role };
    if (!canSee(viewer, audienceOf(thread))) throw notFound('This thread');
    return { thread, viewer };
  }

  async locateReply(userId: string, replyId: string): Promise<LocatedReply> {
    const reply = await this.db.selectFrom('thread_replies').selectAll().where('id', '=', replyId).executeTakeFirst();
    if (!reply) throw notFound('This reply');
    const located = await this.locate(userId, reply.thread_id).catch((err: unknown) => {
      throw err instanceof AppError && err.code === 'not_found' ? notFound('This reply') : err;
    });
    return { ...located, reply };
  }

  async get(threadId: string): Promise<ThreadRecord> {
    const record = await loadThread(this.db, threadId);
    if (!record) throw notFound('This thread');
    return record;
  }

  async create(place: { docId: string; groupId: string }, viewer: Viewer, input: NewThread): Promise<ThreadRecord> {
    const now = this.now();
    const thread: ThreadRow = {
      id: newId(),
      doc_id: place.docId,
      group_id: place.groupId,
      author_id: viewer.userId,
      kind: input.kind,
      visibility: input.visibility,
      body: input.body,
      tag_id: input.kind === 'annotation' ? input.tag : null,
      replacement: input.kind === 'suggestion' ? input.replacement : null,
      anchor_start: input.anchor.start,
      anchor_end: input.anchor.end,
      quote: input.anchor.quote,
      prefix: input.anchor.prefix,
      suffix: input.anchor.suffix,
      status: 'open',
      status_by: null,
      status_at: null,
      anchored_by: null,
      anchored_at: null,
      created_at: now,
      edited_at: null,
      deleted_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      if (thread.tag_id !== null) await this.tags.requireUsable(trx, place.groupId, thread.tag_id);
      const { body, mentioned } = await mentionedMembers(trx, place.groupId, audienceOf(thread), viewer.userId, thread.body);
      thread.body = body;
      await trx.insertInto('threads').values(thread).execute();
      await recordMentions(trx, { threadId: thread.id, replyId: null }, mentioned, now);
      await recordThreadCreated(trx, thread, mentioned);
    });
    return this.#publishThread(thread.id);
  }

  /**
   * Applies every change asked for, or none: body, tag, replacement, anchor
   * (re-attach) and status, each checked by thread-policy.ts. The write is
   * conditional on the status read, so two people deciding a suggestion at
   * the same moment cannot both succeed: the second gets a 409.
   *
   * Accepting a suggestion also writes its text, as its suggester's edit
   * (accept-suggestion.ts): the edit is prepared first (refused, with
   * nothing changed, when its text is gone), the acceptance is then claimed
   * by the conditional write, and only once the edit is stored is the
   * decision recorded and announced; if storing it fails, the claim is
   * withdrawn, so a suggestion is accepted only with its text in place.
   */
  async update({ thread: { id }, viewer }: LocatedThread, changes: ThreadChanges): Promise<ThreadRecord> {
    const now = this.now();
    const edit = changes.status === 'accepted' ? await this.suggestions.prepare(id, viewer, changes) : null;
    const { changed, before } = await this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirst();
      if (!current) throw notFound('This thread');
      requireNotDeleted(current);
      const set: Updateable<ThreadsTable> = {};
      let mentioned: string[] | null = null;
      let body = current.body;

      if (changes.body !== undefined) {
        checkBodyEdit(current, viewer, changes.body);
        if (changes.body !== current.body) {
          const stored = await mentionedMembers(trx, current.group_id, audienceOf(current), viewer.userId, changes.body);
          mentioned = stored.mentioned;
          body = stored.body;
          Object.assign(set, { body, edited_at: now });
        }
      }
      if (changes.tag !== undefined) {
        checkTagChange(current, viewer);
        if (changes.tag !== current.tag_id) {
          await this.tags.requireUsable(trx, current.group_id, changes.tag);
          Object.assign(set, { tag_id: changes.tag, edited_at: now });
        }
      }
      if (changes.replacement !== undefined) {
        checkReplacementChange(current, viewer, changes.replacement, changes.anchor?.quote ?? current.quote);
        if (changes.replacement !== current.replacement) Object.assign(set, { replacement: changes.replacement, edited_at: now });
      }
      if (changes.anchor !== undefined) {
        const { start, end, quote, prefix, suffix } = changes.anchor;
        checkReanchor(current, viewer, quote, changes.replacement ?? current.replacement);
        Object.assign(set, { anchor_start: start, anchor_end: end, quote, prefix, suffix, anchored_by: viewer.userId, anchored_at: now });
      }
      if (changes.status !== undefined) {
        checkStatusChange(current, viewer, changes.status);
        Object.assign(set, { status: changes.status, status_by: viewer.userId, status_at: now });
      }
      if (Object.keys(set).length === 0) return { changed: false, before: current };

      const result = await trx
        .updateTable('threads')
        .set(set)
        .where('id', '=', id)
        .where('status', '=', current.status)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw conflict('This thread changed meanwhile; reload it and try again.');
      if (edit && !edit.matches(current, changes)) throw conflict('This suggestion changed meanwhile; reload it and try again.');
      // An acceptance is recorded once its text is stored (below).
      if (changes.status !== undefined && !edit) await recordStatusChanged(trx, current, viewer.userId, changes.status, now);
      if (mentioned) {
        const added = await recordMentions(trx, { threadId: id, replyId: null }, mentioned, now);
        await recordMentionsAdded(trx, { ...current, body }, null, viewer.userId, added, now);
      }
      return { changed: true, before: current };
    });
    if (edit) await this.suggestions.store(edit, before, viewer.userId, now);
    return changed ? this.#publishThread(id) : this.get(id);
  }

  /**
   * Deletes its author's thread. One with replies stays as a tombstone (its
   * body, proposal and mentions gone) so the replies keep their context; one
   * without replies is removed with everything in it.
   */
  async remove({ thread: { id }, viewer }: LocatedThread): Promise<void> {
    const now = this.now();
    const { current, tombstone } = await this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirst();
      if (!current) throw notFound('This thread');
      requireAuthor(current, viewer, 'delete this thread');
      requireNotDeleted(current);
      if ((await countReplies(trx, id)) === 0) {
        await trx.deleteFrom('threads').where('id', '=', id).execute();
        return { current, tombstone: false };
      }
      await trx
        .updateTable('threads')
        .set({ body: '', replacement: current.kind === 'suggestion' ? '' : null, deleted_at: now })
        .where('id', '=', id)
        .execute();
      await recordMentions(trx, { threadId: id, replyId: null }, [], now);
      return { current, tombstone: true };
    });
    if (tombstone) await this.#publishThread(id);
    else this.#publishThreadDeleted(current);
  }

  async reply({ thread: { id }, viewer }: LocatedThread, body: string): Promise<ReplyRecord> {
    const now = this.now();
    const reply: ThreadReplyRow = { id: newId(), thread_id: id, author_id: viewer.userId, body, created_at: now, edited_at: null };
    const thread = await this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirst();
      if (!current) throw notFound('This thread');
      requireNotDeleted(current);
      if ((await countReplies(trx, id)) >= feedbackLimits.repliesPerThread) {
        throw conflict(`A thread holds at most ${feedbackLimits.repliesPerThread} replies; start a new thread.`);
      }
      const stored = await mentionedMembers(trx, current.group_id, audienceOf(current), viewer.userId, body);
      reply.body = stored.body;
      const { mentioned } = stored;
      await trx.insertInto('thread_replies').values(reply).execute();
      await recordMentions(trx, { threadId: id, replyId: reply.id }, mentioned, now);
      await recordReplyCreated(trx, current, reply, mentioned);
      return current;
    });
    return this.#publishReply(thread, reply.id);
  }

  async editReply({ thread, reply: { id }, viewer }: LocatedReply, body: string): Promise<ReplyRecord> {
    const now = this.now();
    const changed = await this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('thread_replies').selectAll().where('id', '=', id).executeTakeFirst();
      if (!current) throw notFound('This reply');
      requireAuthor(current, viewer, 'edit this reply');
      if (current.body === body) return false;
      const stored = await mentionedMembers(trx, thread.group_id, audienceOf(thread), viewer.userId, body);
      const { mentioned } = stored;
      await trx.updateTable('thread_replies').set({ body: stored.body, edited_at: now }).where('id', '=', id).execute();
      const added = await recordMentions(trx, { threadId: thread.id, replyId: id }, mentioned, now);
      await recordMentionsAdded(trx, thread, { ...current, body: stored.body, edited_at: now }, viewer.userId, added, now);
      return true;
    });
    if (changed) return this.#publishReply(thread, id);
    const record = await loadReply(this.db, id);
    if (!record) throw notFound('This reply');
    return record;
  }

  /** Removes its author's reply; a tombstoned thread goes with its last reply. */
  async removeReply({ thread, reply: { id }, viewer }: LocatedReply): Promise<void> {
    const threadGone = await this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('thread_replies').selectAll().where('id', '=', id).executeTakeFirst();
      if (!current) throw notFound('This reply');
      requireAuthor(current, viewer, 'delete this reply');
      await trx.deleteFrom('thread_replies').where('id', '=', id).execute();
      const parent = await trx.selectFrom('threads').select('deleted_at').where('id', '=', thread.id).executeTakeFirst();
      if (!parent || parent.deleted_at === null || (await countReplies(trx, thread.id)) > 0) return false;
      await trx.deleteFrom('threads').where('id', '=', thread.id).execute();
      return true;
    });
    this.events.publish({
      docId: thread.doc_id,
      groupId: thread.group_id,
      audience: audienceOf(thread),
      event: { type: 'reply-deleted', threadId: thread.id, replyId: id },
    });
    if (threadGone) this.#publishThreadDeleted(thread);
  }

  async #publishThread(threadId: string): Promise<ThreadRecord> {
    const record = await this.get(threadId);
    const { thread } = record;
    this.events.publish({
      docId: thread.doc_id,
      groupId: thread.group_id,
      audience: audienceOf(thread),
      event: { type: 'thread', thread: publishedThread(record) },
    });
    return record;
  }

  async #publishReply(thread: ThreadRow, replyId: string): Promise<ReplyRecord> {
    const record = await loadReply(this.db, replyId);
    if (!record) throw notFound('This reply');
    this.events.publish({
      docId: thread.doc_id,
      groupId: thread.group_id,
      audience: audienceOf(thread),
      event: { type: 'reply', reply: publishedReply(record) },
    });
    return record;
  }

  #publishThreadDeleted(thread: ThreadRow): void {
    this.events.publish({
      docId: thread.doc_id,
      groupId: thread.group_id,
      audience: audienceOf(thread),
      event: { type: 'thread-deleted', threadId: thread.id },
    });
  }
}

async function countReplies(db: Kysely<Database>, threadId: string): Promise<number> {
  const { count } = await db
    .selectFrom('thread_replies')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('thread_id', '=', threadId)
    .executeTakeFirstOrThrow();
  return Number(count);
}
