import type { Transaction } from 'kysely';
import { roles, type Role } from '../../../shared/permissions';
import type { Database, InviteRow } from '../../db/schema';
import { AppError } from '../../errors';

/**
 * Removal and demotion stick. Invite codes are bearer secrets that stay
 * valid until they expire, and the person just removed may hold one (a
 * demoted instructor saw every code of the group). So each removal or
 * demotion bars the invites made until then: after a removal they give the
 * person nothing, after a demotion no role above the new one. An invite made
 * afterwards is a new decision and works as usual.
 */

/** Bars the group's invites made until `at` for `userId`: entirely (`ceiling` null) or above `ceiling`. */
export async function barEarlierInvites(
  trx: Transaction<Database>,
  bar: { groupIds: readonly string[]; userId: string; ceiling: Role | null; at: number },
): Promise<void> {
  for (const groupId of bar.groupIds) {
    const row = { group_id: groupId, user_id: bar.userId, barred_at: bar.at, role_ceiling: bar.ceiling };
    await trx
      .insertInto('invite_bars')
      .values(row)
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doUpdateSet({ barred_at: bar.at, role_ceiling: bar.ceiling }))
      .execute();
  }
}

/** Refuses (410) an invite the person is barred from: made before their removal, or above the role they were demoted to. */
export async function refuseBarredInvite(trx: Transaction<Database>, invite: InviteRow, userId: string): Promise<void> {
  const bar = await trx
    .selectFrom('invite_bars')
    .select(['barred_at', 'role_ceiling'])
    .where('group_id', '=', invite.group_id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!bar || invite.created_at > Number(bar.barred_at)) return;
  if (bar.role_ceiling !== null && !isAbove(invite.role, bar.role_ceiling)) return;
  throw new AppError(
    'invite_expired',
    bar.role_ceiling === null
      ? 'This invite was made before you were removed from this group. Ask for a new one.'
      : 'This invite was made before your role in this group changed. Ask for a new one.',
  );
}

/** `roles` lists the roles from the most to the least rights. */
const isAbove = (role: Role, ceiling: Role) => roles.indexOf(role) < roles.indexOf(ceiling);
