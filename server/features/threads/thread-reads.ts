import type { Kysely } from 'kysely';
import { mentionedUserIds } from '../../../shared/mentions';
import type { ThreadCounts, ThreadsQuery } from '../../../shared/schemas/threads';
import { threadKinds, threadStatuses } from '../../../shared/schemas/threads';
import { type Page, selectPage, toPage } from '../../db/page-cursor';
import type { Database, ThreadReplyRow, ThreadRow } from '../../db/schema';
import { groupMasks, type Masks } from '../access/member-names';
import { type Viewer, visibleTo } from './visibility';

/** Someone named in feedback, as stored. */
export interface PersonRow {
  id: string;
  name: string;
}

export interface ReplyRecord {
  reply: ThreadReplyRow;
  author: PersonRow;
  mentions: PersonRow[];
  /** Its group's aliased members, hidden from each reader as member-names.ts says. */
  masks: Masks;
}

/** A thread with everything it is shown with: people, tag, mentions and replies. */
export interface ThreadRecord {
  thread: ThreadRow;
  author: PersonRow;
  statusBy: PersonRow | null;
  anchoredBy: PersonRow | null;
  tag: { id: string; name: string } | null;
  mentions: PersonRow[];
  replies: ReplyRecord[];
  /** Its group's aliased members, hidden from each reader as member-names.ts says. */
  masks: Masks;
}

/**
 * Completes thread rows into records with a fixed number of queries, however
 * many threads: their replies, mentions, tags and the people named in them.
 */
export async function loadThreads(db: Kysely<Database>, threads: ThreadRow[]): Promise<ThreadRecord[]> {
  if (threads.length === 0) return [];
  const threadIds = threads.map((t) => t.id);
  const replies = await db
    .selectFrom('thread_replies')
    .selectAll()
    .where('thread_id', 'in', threadIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const mentions = await db
    .selectFrom('thread_mentions')
    .select(['thread_id', 'reply_id', 'user_id'])
    .where('thread_id', 'in', threadIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const tagIds = distinct(threads.map((t) => t.tag_id));
  const tags = tagIds.length
    ? await db.selectFrom('annotation_tags').select(['id', 'name']).where('id', 'in', tagIds).execute()
    : [];
  const userIds = distinct([
    ...threads.flatMap((t) => [t.author_id, t.status_by, t.anchored_by]),
    ...replies.map((r) => r.author_id),
    ...mentions.map((m) => m.user_id),
  ]);
  const users = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).execute();

  const masks = await groupMasks(db, distinct(threads.map((t) => t.group_id)));
  const person = byId(users);
  const tag = byId(tags);
  // Grouped once, so that a page of many threads and replies costs their number, not its square.
  const repliesOf = groupBy(replies, (reply) => reply.thread_id);
  const mentionsOf = groupBy(mentions, (m) => mentionKey(m.thread_id, m.reply_id));
  const mentioned = (threadId: string, replyId: string | null, body: string) =>
    inBodyOrder(body, (mentionsOf.get(mentionKey(threadId, replyId)) ?? []).map((m) => person(m.user_id)));
  return threads.map((thread) => ({
    thread,
    masks: masks.get(thread.group_id) ?? {},
    author: person(thread.author_id),
    statusBy: thread.status_by === null ? null : person(thread.status_by),
    anchoredBy: thread.anchored_by === null ? null : person(thread.anchored_by),
    tag: thread.tag_id === null ? null : tag(thread.tag_id),
    mentions: mentioned(thread.id, null, thread.body),
    replies: (repliesOf.get(thread.id) ?? []).map((reply) => ({
      reply,
      author: person(reply.author_id),
      mentions: mentioned(thread.id, reply.id, reply.body),
      masks: masks.get(thread.group_id) ?? {},
    })),
  }));
}

export async function loadThread(db: Kysely<Database>, threadId: string): Promise<ThreadRecord | null> {
  const row = await db.selectFrom('threads').selectAll().where('id', '=', threadId).executeTakeFirst();
  return row ? ((await loadThreads(db, [row]))[0] ?? null) : null;
}

export async function loadReply(db: Kysely<Database>, replyId: string): Promise<ReplyRecord | null> {
  const reply = await db.selectFrom('thread_replies').selectAll().where('id', '=', replyId).executeTakeFirst();
  if (!reply) return null;
  const mentions = await db
    .selectFrom('thread_mentions')
    .select('user_id')
    .where('reply_id', '=', replyId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const users = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', distinct([reply.author_id, ...mentions.map((m) => m.user_id)]))
    .execute();
  const { group_id: groupId } = await db.selectFrom('threads').select('group_id').where('id', '=', reply.thread_id).executeTakeFirstOrThrow();
  const masks = (await groupMasks(db, [groupId])).get(groupId) ?? {};
  const person = byId(users);
  return { reply, author: person(reply.author_id), mentions: inBodyOrder(reply.body, mentions.map((m) => person(m.user_id))), masks };
}

/** One page of a document's threads the viewer may see, oldest first, filtered. */
export async function listThreads(
  db: Kysely<Database>,
  docId: string,
  viewer: Viewer,
  query: ThreadsQuery,
): Promise<Page<ThreadRecord>> {
  const filtered = db
    .selectFrom('threads')
    .selectAll()
    .where('doc_id', '=', docId)
    .where(visibleTo(viewer))
    .$if(query.kind !== undefined, (qb) => qb.where('kind', '=', query.kind!))
    .$if(query.status !== undefined, (qb) => qb.where('status', '=', query.status!))
    .$if(query.tag !== undefined, (qb) => qb.where('tag_id', '=', query.tag!))
    .$if(query.author !== undefined, (qb) => qb.where('author_id', '=', query.author!));
  const rows = await selectPage(filtered, query, 'created_at', 'id').execute();
  const keyOf = (thread: ThreadRow) => ({ at: thread.created_at, id: thread.id });
  const fits = await threadsWithinReplies(db, rows.slice(0, query.limit));
  // A page cut short by its replies has a next page from the thread it stopped before.
  const page = fits < Math.min(rows.length, query.limit) ? toPage(rows.slice(0, fits + 1), fits, keyOf) : toPage(rows, query.limit, keyOf);
  return { items: await loadThreads(db, page.items), nextCursor: page.nextCursor };
}

/**
 * Replies one page of threads carries at most, all threads together: 500
 * threads of 500 replies each would be a quarter of a million in one answer.
 * A page ends before the thread that would pass it (a first thread always
 * fits: one holds at most feedbackLimits.repliesPerThread), and its cursor
 * reads on from there.
 */
export const repliesPerPage = 5000;

/** How many of `threads`, from the first, fit in one page by their replies. */
async function threadsWithinReplies(db: Kysely<Database>, threads: ThreadRow[]): Promise<number> {
  if (threads.length === 0) return 0;
  const counts = await db
    .selectFrom('thread_replies')
    .select(['thread_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('thread_id', 'in', threads.map((t) => t.id))
    .groupBy('thread_id')
    .execute();
  const repliesOf = new Map(counts.map((row) => [row.thread_id, Number(row.count)]));
  let replies = 0;
  for (let i = 0; i < threads.length; i++) {
    replies += repliesOf.get(threads[i]!.id) ?? 0;
    if (i > 0 && replies > repliesPerPage) return i;
  }
  return threads.length;
}

/** How many threads the viewer may see, by status, kind and tag; tombstones are not counted. */
export async function countThreads(db: Kysely<Database>, docId: string, viewer: Viewer): Promise<ThreadCounts> {
  const rows = await db
    .selectFrom('threads')
    .select(['status', 'kind', 'tag_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('doc_id', '=', docId)
    .where('deleted_at', 'is', null)
    .where(visibleTo(viewer))
    .groupBy(['status', 'kind', 'tag_id'])
    .execute();
  const counts: ThreadCounts = {
    byStatus: Object.fromEntries(threadStatuses.map((status) => [status, 0])) as ThreadCounts['byStatus'],
    byKind: Object.fromEntries(threadKinds.map((kind) => [kind, 0])) as ThreadCounts['byKind'],
    byTag: {},
  };
  for (const row of rows) {
    const count = Number(row.count);
    counts.byStatus[row.status] += count;
    counts.byKind[row.kind] += count;
    if (row.tag_id !== null) counts.byTag[row.tag_id] = (counts.byTag[row.tag_id] ?? 0) + count;
  }
  return counts;
}

/** People in the order the body first mentions them. */
function inBodyOrder(body: string, people: PersonRow[]): PersonRow[] {
  const order = mentionedUserIds(body);
  return [...people].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

function distinct(ids: (string | null)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** A lookup that fails loudly: every id looked up was read from a row that references it. */
function byId<T extends { id: string }>(rows: T[]): (id: string) => T {
  const map = new Map(rows.map((row) => [row.id, row]));
  return (id) => {
    const row = map.get(id);
    if (!row) throw new Error(`missing referenced row ${id}`);
    return row;
  };
}

/** Rows grouped by a key, in their order. */
function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** A thread's own mentions and each reply's, apart (ids hold no line break). */
const mentionKey = (threadId: string, replyId: string | null) => `${threadId}\n${replyId ?? ''}`;
