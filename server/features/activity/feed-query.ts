import type { Kysely } from 'kysely';
import type { Role } from '../../../shared/permissions';
import type { Database, EventRow } from '../../db/schema';
import { canSee, eventVisibleTo } from '../threads/visibility';

/**
 * Reading the event log for one person. Every read is per group
 * the person belongs to (so a non-member reads nothing of a group), through
 * the (group_id, id) index from the newest event down, bounded, and with
 * the thread visibility rule (threads/visibility.ts) in the query itself.
 *
 * Unseen: after the read position of that group; without one, since the
 * person joined. Their own doings are never news to them, nor editing that
 * had all happened by the time they last moved their read position, though
 * its session was recorded later (edits-since-visit.ts).
 */

/** One group of the reader, with their role and read position. */
export interface FeedMembership {
  groupId: string;
  groupName: string;
  role: Role;
  joinedAt: number;
  /** The last event id seen in this group; null when they never marked anything seen. */
  lastSeen: number | null;
  /** When they last moved that position: their last visit; null with `lastSeen`. */
  seenAt: number | null;
}

/** Events read per group for one feed; the summary speaks of these. */
export const feedWindow = 500;
/** "Needs you" events looked at, newest first. */
const needsYouWindow = 200;

export async function feedMemberships(db: Kysely<Database>, userId: string): Promise<FeedMembership[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .leftJoin('feed_reads', (join) => join.onRef('feed_reads.group_id', '=', 'memberships.group_id').on('feed_reads.user_id', '=', userId))
    .select(['groups.id', 'groups.name', 'memberships.role', 'memberships.created_at', 'feed_reads.last_seen_event_id', 'feed_reads.updated_at'])
    .where('memberships.user_id', '=', userId)
    .orderBy('groups.created_at')
    .orderBy('groups.id')
    .execute();
  return rows.map((row) => ({
    groupId: row.id,
    groupName: row.name,
    role: row.role,
    joinedAt: Number(row.created_at),
    lastSeen: row.last_seen_event_id === null ? null : Number(row.last_seen_event_id),
    seenAt: row.updated_at === null ? null : Number(row.updated_at),
  }));
}

/** The id after which a membership's events are unseen. */
export async function unseenAfter(db: Kysely<Database>, membership: FeedMembership): Promise<number> {
  if (membership.lastSeen !== null) return membership.lastSeen;
  const first = await db
    .selectFrom('events')
    .select('id')
    .where('group_id', '=', membership.groupId)
    .where('created_at', '>=', membership.joinedAt)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (first) return Number(first.id) - 1;
  // Nothing since they joined: everything there is was before.
  return latestEventId(db);
}

/** The newest event's id, 0 when there is none. */
export async function latestEventId(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? Number(row.id) : 0;
}

function unseenIn(db: Kysely<Database>, userId: string, membership: FeedMembership, after: number) {
  const { seenAt } = membership;
  return db
    .selectFrom('events')
    .where('events.group_id', '=', membership.groupId)
    .where('events.id', '>', after)
    .where('events.actor_id', '!=', userId)
    .where(eventVisibleTo({ userId, role: membership.role }))
    .$if(seenAt !== null, (query) =>
      // An editing session recorded after the visit whose last edit came before it: all of it happened before.
      query.where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('edit_sessions')
              .select('edit_sessions.id')
              .whereRef('edit_sessions.event_id', '=', 'events.id')
              .where('edit_sessions.last_edit_at', '<=', seenAt!)
              .where('events.created_at', '>=', seenAt!),
          ),
        ),
      ),
    );
}

/** The newest unseen events of each group (up to `feedWindow` each), newest first. */
export async function unseenEvents(
  db: Kysely<Database>,
  userId: string,
  memberships: readonly { membership: FeedMembership; after: number }[],
): Promise<EventRow[]> {
  const perGroup = await Promise.all(
    memberships.map(({ membership, after }) =>
      unseenIn(db, userId, membership, after).selectAll('events').orderBy('events.id', 'desc').limit(feedWindow).execute(),
    ),
  );
  return perGroup.flat().sort((a, b) => Number(b.id) - Number(a.id));
}

/** Unseen events in all, counted up to `limit`. */
export async function countUnseen(
  db: Kysely<Database>,
  userId: string,
  memberships: readonly { membership: FeedMembership; after: number }[],
  limit: number,
): Promise<number> {
  let total = 0;
  for (const { membership, after } of memberships) {
    if (total >= limit) break;
    const { count } = await db
      .selectFrom(unseenIn(db, userId, membership, after).select('events.id').limit(limit - total).as('unseen'))
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    total += Number(count);
  }
  return Math.min(total, limit);
}

/** Unseen events that name the reader as a recipient (event_recipients, by user then event), newest first. */
export async function unseenNeedingYou(
  db: Kysely<Database>,
  userId: string,
  memberships: readonly { membership: FeedMembership; after: number }[],
): Promise<EventRow[]> {
  if (memberships.length === 0) return [];
  const floor = Math.min(...memberships.map(({ after }) => after));
  const rows = await db
    .selectFrom('event_recipients')
    .innerJoin('events', 'events.id', 'event_recipients.event_id')
    .selectAll('events')
    .where('event_recipients.user_id', '=', userId)
    .where('event_recipients.event_id', '>', floor)
    .orderBy('event_recipients.event_id', 'desc')
    .limit(needsYouWindow)
    .execute();
  const byGroup = new Map(memberships.map((m) => [m.membership.groupId, m]));
  return rows.filter((event) => {
    const place = byGroup.get(event.group_id);
    return (
      place !== undefined &&
      Number(event.id) > place.after &&
      canSee({ userId, role: place.membership.role }, { visibility: event.visibility, authorId: event.audience_id ?? '' })
    );
  });
}
