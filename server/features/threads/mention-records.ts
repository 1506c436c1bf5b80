import type { Kysely } from 'kysely';
import { linkTypedMentions, maxMentionsPerBody, type MentionCandidate, mentionedUserIds } from '../../../shared/mentions';
import { newId } from '../../db/ids';
import { memberNames, mentionPattern } from '../access/member-names';
import type { Database } from '../../db/schema';
import { badRequest } from '../../errors';
import type { Role } from '../../../shared/permissions';
import { type Audience, canSee } from './visibility';

/**
 * A body as it is stored, and the members it mentions. "@Name"s typed by
 * hand that mean one member who may see the thread become that member's
 * token first (shared/mentions.ts, the rule the message field previews), so
 * a typed mention notifies like one chosen from the list. Then each mention
 * is checked: it must be of a member of the group who can see the thread, so
 * a mention never leads anyone to feedback they may not read. The writer
 * mentioning themself is allowed and not recorded (nobody needs to be told
 * what they wrote).
 */
export async function mentionedMembers(
  db: Kysely<Database>,
  groupId: string,
  audience: Audience,
  writerId: string,
  typed: string,
): Promise<{ body: string; mentioned: string[] }> {
  // Every mention, typed or chosen, starts with "@": without one there is nothing to read.
  if (!typed.includes('@')) return { body: typed, mentioned: [] };
  const roster = await rosterOf(db, groupId);
  const readers = roster.filter((member) => canSee({ userId: member.id, role: member.role }, audience));
  // The writer names people as they are shown them: a hidden member by their
  // alias and stand-in id (member-names.ts), stored as the member it stands for.
  const names = await memberNames(db, groupId, writerId);
  const linked = linkTypedMentions(typed, readers.map(names.person));
  let hidden = false;
  const body = linked.replace(mentionPattern, (token, name: string, id: string) => {
    const real = names.realId(id);
    // A hidden member's real id is nobody to this writer: refused like a non-member's, so it tells nothing.
    if (real === null) hidden = true;
    return real === null || real === id ? token : `@[${name}](${real})`;
  });
  const ids = mentionedUserIds(body);
  if (ids.length === 0) return { body, mentioned: [] };
  if (ids.length > maxMentionsPerBody) {
    throw badRequest(`Invalid body. body: At most ${maxMentionsPerBody} people mentioned`, { body: `At most ${maxMentionsPerBody} people mentioned` });
  }
  const roleOf = new Map(roster.map((member) => [member.id, member.role]));
  if (hidden || ids.some((id) => !roleOf.has(id))) {
    throw badRequest('Invalid body. body: Only members of this group can be mentioned', {
      body: 'Only members of this group can be mentioned',
    });
  }
  if (ids.some((id) => !canSee({ userId: id, role: roleOf.get(id)! }, audience))) {
    throw badRequest('Invalid body. body: Only instructors can be mentioned in feedback for instructors', {
      body: 'Only instructors can be mentioned in feedback for instructors',
    });
  }
  return { body, mentioned: ids.filter((id) => id !== writerId) };
}

/** The group's members with their names and roles: whom a typed "@Name" may mean, and whom a mention may name. */
function rosterOf(db: Kysely<Database>, groupId: string): Promise<(MentionCandidate & { role: Role })[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.name', 'memberships.role'])
    .where('memberships.group_id', '=', groupId)
    .execute();
}

/**
 * Makes the stored mentions of one body (a thread's, or a reply's) those of
 * `userIds`, and returns who is mentioned now and was not before. Mentions
 * that stay keep their time, so an edit does not tell someone again about
 * what they already saw; only those an edit adds are told.
 */
export async function recordMentions(
  db: Kysely<Database>,
  at: { threadId: string; replyId: string | null },
  userIds: string[],
  now: number,
): Promise<string[]> {
  const existing = await db
    .selectFrom('thread_mentions')
    .select(['id', 'user_id'])
    .where('thread_id', '=', at.threadId)
    .where('reply_id', at.replyId === null ? 'is' : '=', at.replyId)
    .execute();
  const gone = existing.filter((m) => !userIds.includes(m.user_id)).map((m) => m.id);
  if (gone.length) await db.deleteFrom('thread_mentions').where('id', 'in', gone).execute();
  const added = userIds.filter((id) => !existing.some((m) => m.user_id === id));
  if (added.length) {
    await db
      .insertInto('thread_mentions')
      .values(added.map((userId) => ({ id: newId(), thread_id: at.threadId, reply_id: at.replyId, user_id: userId, created_at: now })))
      .execute();
  }
  return added;
}
