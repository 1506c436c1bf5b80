import type { Kysely } from 'kysely';
import { can } from '../../../shared/permissions';
import type { GroupHealth } from '../../../shared/schemas/activity';
import type { Database } from '../../db/schema';
import type { Viewer } from '../threads/visibility';
import { visibleTo } from '../threads/visibility';
import { counted, formatCount, joinNames } from './feed-text';

const day = 24 * 60 * 60 * 1000;
/** A thread open this long without a reply is "unanswered". */
export const unansweredAfterMs = 3 * day;
/** "This week": the last seven days. */
export const weekMs = 7 * day;
/** More than this share of the week's added characters by one person is "most of the text". */
export const dominantShare = 0.7;
/**
 * A member who joined less than this long ago is new, and never counted as
 * quiet. Three days: a team that meets weekly or twice a week has had a
 * working session with them by then, and one who joins on a Friday is not
 * flagged over the weekend. Shorter, and someone who just accepted an invite
 * is called idle before they could start; longer, and a week of silence
 * goes unseen for half of the next.
 */
export const newMemberGraceMs = 3 * day;

/**
 * A group's team health, for its instructors and members: threads
 * nobody answered for days, members who did nothing this week, and one
 * person writing most of the text. Each is one bounded query on an index:
 * threads by (group_id, created_at), the week's events by (group_id,
 * created_at), the week's editing sessions by (group_id, last_edit_at).
 * Threads are counted as the viewer may see them.
 *
 * People are named only to those who run the group (`manageMembers`, the
 * instructors): peers read of their team ("2 of 4 members have contributed
 * this week"), never that one of them is not contributing, nor who wrote
 * most (unless it is themself). Members who joined within `newMemberGraceMs`
 * are never counted as quiet, to anyone: they count once they contribute.
 */
export async function teamHealth(
  db: Kysely<Database>,
  group: { id: string; name: string },
  viewer: Viewer,
  now: number,
): Promise<GroupHealth> {
  const weekAgo = now - weekMs;
  const [unanswered, active, members, writers] = await Promise.all([
    db
      .selectFrom('threads')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('threads.group_id', '=', group.id)
      .where('threads.created_at', '<', now - unansweredAfterMs)
      .where('threads.status', '=', 'open')
      .where('threads.deleted_at', 'is', null)
      .where(visibleTo(viewer))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('thread_replies').select('thread_replies.id').whereRef('thread_replies.thread_id', '=', 'threads.id'))))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('events')
      .select('actor_id')
      .distinct()
      .where('group_id', '=', group.id)
      .where('created_at', '>=', weekAgo)
      .where('type', 'in', ['edit-session', 'thread-created', 'reply-created'])
      .execute(),
    db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.name', 'memberships.role', 'memberships.created_at'])
      .where('memberships.group_id', '=', group.id)
      .execute(),
    db
      .selectFrom('edit_sessions')
      .select(['user_id', (eb) => eb.fn.sum<number | null>('chars_added').as('chars')])
      .where('group_id', '=', group.id)
      .where('last_edit_at', '>=', weekAgo)
      .groupBy('user_id')
      .execute(),
  ]);

  // Editing not yet ended is contributing too, though its characters are not counted until it ends.
  const contributed = new Set([...active.map((a) => a.actor_id), ...writers.map((w) => w.user_id)]);
  const isNew = (m: { created_at: number }) => Number(m.created_at) > now - newMemberGraceMs;
  // The members expected to contribute this week: all but the new who have not yet.
  const expected = members.filter((m) => m.role === 'member' && (contributed.has(m.id) || !isNew(m)));
  const quiet = expected
    .filter((m) => !contributed.has(m.id))
    .map(({ id, name }) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id));
  const namesPeople = can(viewer.role, 'manageMembers');

  const added = new Map<string, number>();
  let total = 0;
  for (const writer of writers) {
    const chars = Number(writer.chars ?? 0);
    added.set(writer.user_id, chars);
    total += chars;
  }
  const writersNeeded = members.filter((m) => m.role !== 'reviewer').length;
  const [topId, topChars] = [...added].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  const top = topId === null ? undefined : members.find((m) => m.id === topId);
  const dominant =
    writersNeeded > 1 && total > 0 && top && topChars / total > dominantShare ? { user: { id: top.id, name: top.name }, share: topChars / total } : null;

  const count = Number(unanswered.count);
  const sentences: string[] = [];
  if (count > 0) sentences.push(`${counted(count, 'thread')} in ${group.name} ${count === 1 ? 'has' : 'have'} had no answer for more than 3 days.`);
  if (quiet.length > 0) {
    const verb = (n: number) => (n === 1 ? 'has' : 'have');
    const active = expected.length - quiet.length;
    sentences.push(
      namesPeople
        ? `${joinNames(quiet.map((m) => m.name))} ${verb(quiet.length)} not contributed to ${group.name} this week.`
        : `${formatCount(active)} of ${counted(expected.length, 'member')} ${verb(active)} contributed to ${group.name} this week.`,
    );
  }
  const ownShare = dominant?.user.id === viewer.userId;
  if (dominant) {
    const who = namesPeople ? dominant.user.name : ownShare ? 'You' : 'One person';
    sentences.push(`${who} wrote ${Math.round(dominant.share * 100)}% of the text added to ${group.name} this week.`);
  }
  return {
    group,
    sentences,
    unansweredThreads: count,
    quietMembers: namesPeople ? quiet : [],
    dominantWriter: namesPeople || ownShare ? dominant : null,
  };
}
