import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../../shared/permissions';
import type { Database } from '../../db/schema';
import { serverSecret } from '../../db/server-secrets';

/**
 * How people are named for what belongs to a group: the one anonymity rule.
 *
 * A member with an `alias` in a group (memberships.alias: "Reviewer 1" in a
 * peer review's room) is known by it, for everything of that group, to
 * everyone but the group's instructors, who see the real name. A member
 * without one keeps their name, so nothing changes outside such groups.
 *
 * The alias alone would not hide anyone if their user id went with it: ids
 * are the same in every group, and a learner sees the ids of the people of
 * their own team. So an aliased member's id is shown as a stand-in: an HMAC
 * of the group and the user under a key only the server holds, the same
 * within the group (to tell one person's comments or carets from another's),
 * different in every other group, and meaningless to anyone without the key.
 * What a viewer sends back with a stand-in (a mention, a filter) is turned
 * back into the member it stands for (`realId`).
 *
 * The viewer themself keeps their own id and name: hiding someone from
 * themself protects nobody, and the client knows its own by id.
 */

/** A group's aliased members, by real user id: what they are shown as. Plain JSON (it travels with live events). */
export type Masks = Record<string, { id: string; name: string }>;

/** Someone as a viewer sees them: a stand-in id and the alias, or themselves. */
export interface Shown {
  id: string;
  name: string;
}

/** How one viewer sees the people of one group. */
export interface MemberNames {
  /** The person as the viewer sees them; anything else the row carries (an email) is emptied for a hidden one. */
  person<T extends Shown>(person: T): T;
  /** The id the viewer is shown for this user. */
  id(userId: string): string;
  /** The name the viewer is shown for this user, given their real name. */
  name(userId: string, realName: string): string;
  /**
   * The member an id the viewer sent means: a stand-in back to its user,
   * any other id unchanged; null for the real id of someone hidden from the
   * viewer, which means nobody to them (else asking by it would tell who
   * is behind an alias).
   */
  realId(shownId: string): string | null;
  /** A feedback body with each mention of a hidden member as the viewer sees them (`@[alias](stand-in)`). */
  body(text: string): string;
}

/** Who is looking, and their role in the group (null: not a member, so not its instructor). */
export interface NameViewer {
  userId: string;
  role: Role | null;
}

/** Nobody is hidden: a group without aliases, or a viewer who sees real names. */
const everyone: MemberNames = {
  person: (person) => person,
  id: (userId) => userId,
  name: (_userId, realName) => realName,
  realId: (shownId) => shownId,
  body: (text) => text,
};

/** The group's masks as `viewer` sees them: nobody hidden from its instructors, nor anyone from themself. */
export function namesFor(masks: Masks, viewer: NameViewer): MemberNames {
  if (viewer.role === 'instructor' || Object.keys(masks).length === 0) return everyone;
  const mask = (userId: string) => (userId === viewer.userId ? undefined : masks[userId]);
  const standsFor = new Map(Object.entries(masks).map(([userId, shown]) => [shown.id, userId]));
  return {
    person: (person) => {
      const shown = mask(person.id);
      if (!shown) return person;
      const hidden: Record<string, unknown> = { ...(person as Record<string, unknown>), id: shown.id, name: shown.name };
      if ('email' in hidden) hidden.email = '';
      return hidden as typeof person;
    },
    id: (userId) => mask(userId)?.id ?? userId,
    name: (userId, realName) => mask(userId)?.name ?? realName,
    realId: (shownId) => standsFor.get(shownId) ?? (mask(shownId) ? null : shownId),
    body: (text) =>
      text.includes('@[')
        ? text.replace(mentionPattern, (token, _name: string, userId: string) => {
            const shown = mask(userId);
            return shown ? `@[${shown.name.replace(/[\]\n\r]/g, '').slice(0, 120) || 'someone'}](${shown.id})` : token;
          })
        : text,
  };
}

/** A mention token, `@[Name](userId)`, as shared/mentions.ts reads it. */
export const mentionPattern = /@\[([^\]\n]{1,120})\]\(([a-z2-7]{16,32})\)/g;

/** Each group's masks: its aliased members and what they are shown as. */
export async function groupMasks(db: Kysely<Database>, groupIds: readonly string[]): Promise<Map<string, Masks>> {
  const byGroup = new Map<string, Masks>(groupIds.map((groupId) => [groupId, {}]));
  if (groupIds.length === 0) return byGroup;
  const rows = await db
    .selectFrom('memberships')
    .select(['group_id', 'user_id', 'alias'])
    .where('group_id', 'in', [...new Set(groupIds)])
    .where('alias', 'is not', null)
    .execute();
  if (rows.length === 0) return byGroup;
  const key = await serverSecret(db, 'member-stand-ins');
  for (const row of rows) {
    byGroup.get(row.group_id)![row.user_id] = { id: standIn(key, row.group_id, row.user_id), name: row.alias! };
  }
  return byGroup;
}

/** How `viewerId` sees the people of each of `groupIds` (their role in each read here). */
export async function memberNamesIn(db: Kysely<Database>, groupIds: readonly string[], viewerId: string): Promise<(groupId: string) => MemberNames> {
  const masks = await groupMasks(db, groupIds);
  const hidingGroups = [...masks].filter(([, m]) => Object.keys(m).length > 0).map(([groupId]) => groupId);
  const roles = hidingGroups.length
    ? await db
        .selectFrom('memberships')
        .select(['group_id', 'role'])
        .where('user_id', '=', viewerId)
        .where('group_id', 'in', hidingGroups)
        .execute()
    : [];
  const roleIn = new Map(roles.map((row) => [row.group_id, row.role]));
  const names = new Map(hidingGroups.map((groupId) => [groupId, namesFor(masks.get(groupId)!, { userId: viewerId, role: roleIn.get(groupId) ?? null })]));
  return (groupId) => names.get(groupId) ?? everyone;
}

/** How `viewerId` sees the people of one group. */
export async function memberNames(db: Kysely<Database>, groupId: string, viewerId: string): Promise<MemberNames> {
  return (await memberNamesIn(db, [groupId], viewerId))(groupId);
}

/**
 * How a member is shown to everyone in a group but its instructors: their
 * alias and stand-in id, or null without an alias. For what goes to the
 * whole group at once, like awareness on the sync socket.
 */
export async function aliasOf(db: Kysely<Database>, groupId: string, userId: string): Promise<Shown | null> {
  const row = await db
    .selectFrom('memberships')
    .select('alias')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .where('alias', 'is not', null)
    .executeTakeFirst();
  return row ? { id: standIn(await serverSecret(db, 'member-stand-ins'), groupId, userId), name: row.alias! } : null;
}

/** A member's stand-in id in a group: 16 base32 characters, like a row id. */
function standIn(key: Buffer, groupId: string, userId: string): string {
  const digest = createHmac('sha256', key).update(`${groupId}:${userId}`).digest();
  return encodeBase32LowerCaseNoPadding(digest.subarray(0, 10));
}
