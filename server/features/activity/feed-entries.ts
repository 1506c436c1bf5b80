import type { Kysely } from 'kysely';
import type { Role } from '../../../shared/permissions';
import { needsYouReasons, type NeedsYouReason } from '../../../shared/schemas/activity';
import type { ThreadKind, ThreadStatus, ThreadVisibility } from '../../../shared/schemas/threads';
import type { Database, EventRow } from '../../db/schema';
import { groupMasks, type Masks, namesFor } from '../access/member-names';
import { payloadOf } from './event-log';

/**
 * What an event of the feed is shown with (feed-query.ts reads which events):
 * its people, places, thread and reply, loaded together for a page of
 * events; then, per reader, why it needs them and the people in it named as
 * that reader may know them (member-names.ts); and the feed's order.
 */

export interface Person {
  id: string;
  name: string;
}

/** An event with everything it is shown with. */
export interface FeedEntry {
  event: EventRow;
  actor: Person;
  subject: Person | null;
  group: { id: string; name: string };
  project: { id: string; name: string } | null;
  doc: { id: string; title: string } | null;
  thread: {
    id: string;
    kind: ThreadKind;
    status: ThreadStatus;
    visibility: ThreadVisibility;
    author: Person;
    body: string;
    quote: string;
    replacement: string | null;
    tag: string | null;
    deleted: boolean;
  } | null;
  replyBody: string | null;
  needsYou: NeedsYouReason | null;
  /** The editing session an `edit-session` event tells of (edit_sessions.event_id), which its ongoing item shared. */
  sessionId?: string | null;
  /** Its group's aliased members, hidden from each reader by `forReader` (member-names.ts). */
  masks: Masks;
}

/**
 * Completes events into entries with a fixed number of queries: people,
 * places, threads (as they are now) and replies. What is the same for every
 * reader: `needsYou` is null until `forReader`.
 */
export async function loadEntries(
  db: Kysely<Database>,
  events: readonly EventRow[],
  groupNames: ReadonlyMap<string, string>,
): Promise<FeedEntry[]> {
  if (events.length === 0) return [];
  const threadIds = distinct(events.map((e) => e.thread_id));
  const replyIds = distinct(events.map((e) => e.reply_id));
  const projectIds = distinct(events.map((e) => e.project_id));
  const docIds = distinct(events.map((e) => e.doc_id));
  const sessionEventIds = events.filter((e) => e.type === 'edit-session').map((e) => Number(e.id));

  const [threads, replies, projects, docs, sessions] = await Promise.all([
    threadIds.length
      ? db
          .selectFrom('threads')
          .leftJoin('annotation_tags', 'annotation_tags.id', 'threads.tag_id')
          .select([
            'threads.id',
            'threads.kind',
            'threads.status',
            'threads.visibility',
            'threads.author_id',
            'threads.body',
            'threads.quote',
            'threads.replacement',
            'threads.deleted_at',
            'annotation_tags.name as tag',
          ])
          .where('threads.id', 'in', threadIds)
          .execute()
      : [],
    replyIds.length ? db.selectFrom('thread_replies').select(['id', 'body']).where('id', 'in', replyIds).execute() : [],
    projectIds.length ? db.selectFrom('projects').select(['id', 'name']).where('id', 'in', projectIds).execute() : [],
    docIds.length ? db.selectFrom('documents').select(['id', 'title']).where('id', 'in', docIds).execute() : [],
    sessionEventIds.length ? db.selectFrom('edit_sessions').select(['id', 'event_id']).where('event_id', 'in', sessionEventIds).execute() : [],
  ]);
  const userIds = distinct([...events.flatMap((e) => [e.actor_id, e.subject_id]), ...threads.map((t) => t.author_id)]);
  const users = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).execute();

  const masks = await groupMasks(db, distinct(events.map((e) => e.group_id)));
  const person = lookup(users);
  const threadOf = new Map(threads.map((t) => [t.id, t]));
  const replyOf = new Map(replies.map((r) => [r.id, r.body]));
  const projectOf = new Map(projects.map((p) => [p.id, p]));
  const docOf = new Map(docs.map((d) => [d.id, d]));
  const sessionOf = new Map(sessions.map((session) => [Number(session.event_id), session.id]));

  return events.map((event): FeedEntry => {
    const thread = event.thread_id ? threadOf.get(event.thread_id) : undefined;
    const project = event.project_id ? projectOf.get(event.project_id) : undefined;
    const doc = event.doc_id ? docOf.get(event.doc_id) : undefined;
    return {
      event,
      actor: person(event.actor_id),
      subject: event.subject_id ? person(event.subject_id) : null,
      group: { id: event.group_id, name: groupNames.get(event.group_id) ?? '' },
      project: project ? { id: project.id, name: project.name } : null,
      doc: doc ? { id: doc.id, title: doc.title } : null,
      thread: thread
        ? {
            id: thread.id,
            kind: thread.kind,
            status: thread.status,
            visibility: thread.visibility,
            author: person(thread.author_id),
            body: thread.body,
            quote: thread.quote,
            replacement: thread.replacement,
            tag: thread.tag,
            deleted: thread.deleted_at !== null,
          }
        : null,
      replyBody: event.reply_id ? (replyOf.get(event.reply_id) ?? null) : null,
      needsYou: null,
      masks: masks.get(event.group_id) ?? {},
      ...(event.type === 'edit-session' ? { sessionId: sessionOf.get(Number(event.id)) ?? null } : {}),
    };
  });
}

/** Why each of these events needs `readerId` (event_recipients), by event id. */
export async function recipientReasons(db: Kysely<Database>, readerId: string, eventIds: readonly number[]): Promise<Map<number, NeedsYouReason>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('event_recipients')
    .select(['event_id', 'reason'])
    .where('user_id', '=', readerId)
    .where('event_id', 'in', [...eventIds])
    .execute();
  return new Map(rows.map((r) => [Number(r.event_id), r.reason]));
}

/** Who reads entries: the people of each group are named for them as member-names.ts says. */
export interface FeedReader {
  userId: string;
  roleIn(groupId: string): Role | null;
}

/**
 * Entries as one reader sees them: with why each needs them, and the people
 * in them named as the reader may know them. One on the reader's text needs
 * them only while its thread is open.
 */
export function forReader(entries: readonly FeedEntry[], reasons: ReadonlyMap<number, NeedsYouReason>, reader: FeedReader): FeedEntry[] {
  return entries.map((entry) => {
    let needsYou = reasons.get(Number(entry.event.id)) ?? null;
    if ((needsYou === 'suggestion-on-your-text' || needsYou === 'thread-on-your-text') && entry.thread?.status !== 'open') needsYou = null;
    const names = namesFor(entry.masks, { userId: reader.userId, role: reader.roleIn(entry.group.id) });
    return {
      ...entry,
      needsYou,
      actor: names.person(entry.actor),
      subject: entry.subject && names.person(entry.subject),
      thread: entry.thread && { ...entry.thread, author: names.person(entry.thread.author), body: names.body(entry.thread.body) },
      replyBody: entry.replyBody && names.body(entry.replyBody),
    };
  });
}

/**
 * Needs-you entries first, by reason then newest; then the rest, newest
 * first. Newest by when it happened (`happenedAt`): an editing session is
 * recorded after its gap, but took place when its writing did.
 */
export function feedOrder(a: FeedEntry, b: FeedEntry): number {
  const rank = (entry: FeedEntry) => (entry.needsYou === null ? needsYouReasons.length : needsYouReasons.indexOf(entry.needsYou));
  return rank(a) - rank(b) || happenedAt(b) - happenedAt(a) || Number(b.event.id) - Number(a.event.id);
}

/** When an entry happened: an editing session's last edit, any other event's recording. */
export function happenedAt(entry: FeedEntry): number {
  if (entry.event.type !== 'edit-session') return Number(entry.event.created_at);
  return payloadOf('edit-session', entry.event.payload).endedAt ?? Number(entry.event.created_at);
}

function distinct(ids: (string | null)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

function lookup(rows: readonly Person[]): (id: string) => Person {
  const map = new Map(rows.map((row) => [row.id, row]));
  return (id) => map.get(id) ?? { id, name: 'Someone' };
}
