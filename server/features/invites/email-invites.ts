import type { Kysely, Transaction } from 'kysely';
import type { Role } from '../../../shared/permissions';
import type { EmailInviteOutcome } from '../../../shared/schemas/groups';
import type { AccessEvents } from '../../access-events';
import type { Database } from '../../db/schema';
import { recordEvent } from '../activity/event-log';
import { matchCourseInstructors, type MembershipChange } from '../courses/course-instructors';

/** What an invite by email did, and the account it found (null while pending). */
export interface EmailInviteResult {
  outcome: EmailInviteOutcome;
  email: string;
  role: Role;
  user: { id: string; email: string; name: string } | null;
}

/**
 * Invites by email. No email is sent yet, so an invite cannot wait for a
 * click: an address that has an account joins the group at once (the group
 * is on their home page next time they look), and an address without one
 * is kept and joins when someone signs up with it, which proves they hold
 * the address as much as sign-up ever does. Whether an address has an
 * account is no secret here: sign-up already answers "email taken".
 */
export class EmailInvites {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly accessEvents: AccessEvents,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Invites `email` (normalised by the shared schema) with `role`. An
   * existing member keeps their role: changing roles is its own action, and
   * an invite must never demote an instructor. Inviting a pending address
   * again replaces its role.
   */
  async invite(groupId: string, by: string, email: string, role: Role): Promise<EmailInviteResult> {
    const teams: MembershipChange[] = [];
    const result = await this.db.transaction().execute(async (trx): Promise<EmailInviteResult> => {
      const user = await trx.selectFrom('users').select(['id', 'email', 'name']).where('email', '=', email).executeTakeFirst();
      if (!user) {
        await trx
          .insertInto('email_invites')
          .values({ group_id: groupId, email, role, created_by: by, created_at: this.now() })
          .onConflict((oc) => oc.columns(['group_id', 'email']).doUpdateSet({ role, created_by: by }))
          .execute();
        return { outcome: 'pending', email, role, user: null };
      }
      const joined = await join(trx, groupId, user.id, role, this.now());
      if (joined) {
        teams.push(...(await matchCourseInstructors(trx, groupId, undefined, this.now())));
        return { outcome: 'added', email, role, user };
      }
      const current = await trx
        .selectFrom('memberships')
        .select('role')
        .where('group_id', '=', groupId)
        .where('user_id', '=', user.id)
        .executeTakeFirstOrThrow();
      return { outcome: 'already-member', email, role: current.role, user };
    });
    if (result.outcome === 'added' && result.user) {
      this.accessEvents.publish({ type: 'membership-changed', groupId, userId: result.user.id, role });
    }
    for (const event of teams) this.accessEvents.publish(event);
    return result;
  }

  /**
   * After sign-up: joins every group that invited this address, and forgets
   * those invites. An instructor of a course becomes one of its teams.
   */
  async takeUp(userId: string, email: string): Promise<void> {
    const teams: MembershipChange[] = [];
    const joined = await this.db.transaction().execute(async (trx) => {
      const waiting = await trx.selectFrom('email_invites').select(['group_id', 'role']).where('email', '=', email).execute();
      const now = this.now();
      const groups: { groupId: string; role: Role }[] = [];
      for (const invite of waiting) {
        if (await join(trx, invite.group_id, userId, invite.role, now)) {
          groups.push({ groupId: invite.group_id, role: invite.role });
          teams.push(...(await matchCourseInstructors(trx, invite.group_id, undefined, now)));
        }
      }
      await trx.deleteFrom('email_invites').where('email', '=', email).execute();
      return groups;
    });
    for (const { groupId, role } of joined) this.accessEvents.publish({ type: 'membership-changed', groupId, userId, role });
    for (const event of teams) this.accessEvents.publish(event);
  }
}

/** Adds a membership unless there is one; records the join. True when it joined. */
async function join(trx: Transaction<Database>, groupId: string, userId: string, role: Role, at: number): Promise<boolean> {
  const inserted = await trx
    .insertInto('memberships')
    .values({ group_id: groupId, user_id: userId, role, created_at: at })
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await recordEvent(trx, { type: 'member-joined', groupId, actorId: userId, subjectId: userId, payload: { role }, at });
  return true;
}
