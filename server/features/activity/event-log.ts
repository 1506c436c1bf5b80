import { PostgresAdapter, sql, type Transaction } from 'kysely';
import type { Role } from '../../../shared/permissions';
import type { EditStats, EventType, NeedsYouReason } from '../../../shared/schemas/activity';
import type { ThreadStatus, ThreadVisibility } from '../../../shared/schemas/threads';
import type { Database } from '../../db/schema';

/**
 * The event log: what happened, by whom, where, written by the
 * code that makes it happen, IN ITS TRANSACTION (the `Transaction` type asks
 * for one), so that an event exists exactly when what it tells of does.
 * Feeds, digests and team health read it (feed-query.ts); nothing else
 * writes it.
 *
 * How to record one, e.g. a named version:
 *
 *   await db.transaction().execute(async (trx) => {
 *     await trx.insertInto('doc_versions').values(version).execute();
 *     await recordEvent(trx, {
 *       type: 'version-named', docId, actorId: userId,
 *       payload: { versionId: version.id, name: version.name },
 *     });
 *   });
 *
 * Details go in `payload` (stored as JSON), typed per event type below;
 * people to alert go in `recipients`. Feedback events copy their thread's
 * visibility (see threads/thread-activity.ts), so that private feedback
 * never reaches a feed its thread would not.
 */

/** Details stored with each type of event. */
export interface EventPayloads {
  'group-created': Record<string, never>;
  'member-joined': { role: Role };
  'member-role-changed': { role: Role };
  'member-left': Record<string, never>;
  'thread-created': Record<string, never>;
  'reply-created': Record<string, never>;
  'thread-status-changed': { status: ThreadStatus };
  'edit-session': EditStats;
  'version-named': { versionId: string; name: string };
}

interface EventBase<T extends EventType> {
  type: T;
  actorId: string;
  /** Where it happened: a group, or a document (whose project and group are looked up when not given). */
  groupId?: string;
  projectId?: string | null;
  docId?: string | null;
  threadId?: string | null;
  replyId?: string | null;
  subjectId?: string | null;
  /** Of the thread it is about; `group` by default. */
  visibility?: ThreadVisibility;
  /** The thread's author, who sees it whatever its visibility. */
  audienceId?: string | null;
  /** Users it needs, each once; the actor is never told of their own doing. */
  recipients?: readonly { userId: string; reason: NeedsYouReason }[];
  /** When it happened; now by default. */
  at?: number;
}

export type NewEvent = {
  [T in EventType]: EventBase<T> & (EventPayloads[T] extends Record<string, never> ? { payload?: undefined } : { payload: EventPayloads[T] });
}[EventType];

/**
 * The advisory lock that orders event ids by commit on PostgreSQL (any
 * constant of our own; advisory locks are per database).
 */
const eventOrderLock = 0x636f6d6d6f6e;

/**
 * Readers page the log by id (the live feed reads `id > last read`), so an
 * event must never commit after one with a larger id was readable: it would
 * be skipped for good. SQLite lets one writer at a time, so ids commit in
 * order there. PostgreSQL hands out ids when rows are inserted, and
 * transactions commit in any order: each transaction that records events
 * takes a transaction-level advisory lock first, held until it commits or
 * rolls back, so the next one takes its ids only after this one's are
 * committed (or gone). Only event-recording transactions wait on it, each
 * from its first event to its commit.
 */
async function inCommitOrder(trx: Transaction<Database>): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock(${sql.lit(eventOrderLock)})`.execute(trx);
}

/** Records one event in `trx`; returns its id. */
export async function recordEvent(trx: Transaction<Database>, event: NewEvent): Promise<number> {
  let { groupId } = event;
  let projectId = event.projectId ?? null;
  if (event.docId && (groupId === undefined || projectId === null)) {
    const place = await trx
      .selectFrom('documents')
      .innerJoin('projects', 'projects.id', 'documents.project_id')
      .select(['projects.id', 'projects.group_id'])
      .where('documents.id', '=', event.docId)
      .executeTakeFirstOrThrow();
    groupId ??= place.group_id;
    projectId ??= place.id;
  }
  if (groupId === undefined) throw new Error(`a ${event.type} event needs a group or a document`);
  await inCommitOrder(trx);
  const { id } = await trx
    .insertInto('events')
    .values({
      group_id: groupId,
      project_id: projectId,
      doc_id: event.docId ?? null,
      actor_id: event.actorId,
      type: event.type,
      thread_id: event.threadId ?? null,
      reply_id: event.replyId ?? null,
      subject_id: event.subjectId ?? null,
      visibility: event.visibility ?? 'group',
      audience_id: event.audienceId ?? null,
      payload: JSON.stringify(event.payload ?? {}),
      created_at: event.at ?? Date.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const eventId = Number(id);

  const reasons = new Map<string, NeedsYouReason>();
  for (const { userId, reason } of event.recipients ?? []) {
    if (userId !== event.actorId && !reasons.has(userId)) reasons.set(userId, reason);
  }
  if (reasons.size > 0) {
    await trx
      .insertInto('event_recipients')
      .values([...reasons].map(([userId, reason]) => ({ user_id: userId, event_id: eventId, reason })))
      .execute();
  }
  return eventId;
}

/** An event's details, as recorded. */
export function payloadOf<T extends EventType>(_type: T, payload: string): Partial<EventPayloads[T]> {
  try {
    const value: unknown = JSON.parse(payload);
    return value !== null && typeof value === 'object' ? (value as Partial<EventPayloads[T]>) : {};
  } catch {
    return {};
  }
}
