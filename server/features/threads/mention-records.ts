import type { Kysely } from 'kysely';
import { mentionedUserIds } from '../../../shared/mentions';
import { newId } from '../../db/ids';
import type { Database } from '../../db/schema';
import { badRequest } from '../../errors';
import { type Audience, canSee } from './visibility';

/**
 * The members a body mentions (shared/mentions.ts), checked: each must belong
 * to the group and be able to see the thread, so a mention never leads anyone
 * to feedback they may not read. The writer mentioning themself is allowed
 * and not recorded (nobody needs to be told what they wrote).
 */
export async function mentionedMembers(
  db: Kysely<Database>,
  groupId: string,
  audience: Audience,
  writerId: string,
  body: string,
): Promise<string[]> {
  const ids = mentionedUserIds(body);
  if (ids.length === 0) return [];
  const members = await db
    .selectFrom('memberships')
    .select(['user_id', 'role'])
    .where('group_id', '=', groupId)
    .where('user_id', 'in', ids)
    .execute();
  const roleOf = new Map(members.map((m) => [m.user_id, m.role]));
  if (ids.some((id) => !roleOf.has(id))) {
    throw badRequest('Invalid body. body: Only members of this group can be mentioned', {
      body: 'Only members of this group can be mentioned',
    });
  }
  if (ids.some((id) => !canSee({ userId: id, role: roleOf.get(id)! }, audience))) {
    throw badRequest('Invalid body. body: Only instructors can be mentioned in feedback for instructors', {
      body: 'Only instructors can be mentioned in feedback for instructors',
    });
  }
  return ids.filter((id) => id !== writerId);
}

/**
 * Makes the stored mentions of one body (a thread's, or a reply's) those of
 * `userIds`. Mentions that stay keep their time, so an edit does not tell
 * someone again about what they already saw.
 */
export async function recordMentions(
  db: Kysely<Database>,
  at: { threadId: string; replyId: string | null },
  userIds: string[],
  now: number,
): Promise<void> {
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
}
