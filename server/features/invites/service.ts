import type { Kysely } from 'kysely';
import type { PageQuery } from '../../../shared/schemas/common';
import type { z } from 'zod';
import type { createInviteBody } from '../../../shared/schemas/groups';
import type { AccessEvents } from '../../access-events';
import { newId } from '../../db/ids';
import { type Page, selectPage, toPage } from '../../db/page-cursor';
import type { Database, GroupRow, InviteRow } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { recordEvent } from '../activity/event-log';
import { matchCourseInstructors, type MembershipChange } from '../courses/course-instructors';
import { joinedGroupColumns, splitJoinedGroup } from '../groups/joined-group';
import type { GroupWithRole } from '../groups/service';
import { refuseBarredInvite } from './invite-bars';

const day = 24 * 60 * 60 * 1000;

/** What the holder of a code may learn before joining. */
export interface InvitePreviewRow {
  invite: InviteRow;
  group: GroupRow;
  usable: boolean;
}

/**
 * Invite codes: a role, an expiry and an optional number of uses, revocable.
 * A code is 15 random bytes (120 bits), so it cannot be guessed; whoever
 * holds one may join with its role.
 */
export class Invites {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly accessEvents: AccessEvents,
    private readonly now: () => number = Date.now,
  ) {}

  async create(groupId: string, createdBy: string, options: z.output<typeof createInviteBody>): Promise<InviteRow> {
    const now = this.now();
    const invite: InviteRow = {
      code: newId(15),
      group_id: groupId,
      role: options.role,
      created_by: createdBy,
      created_at: now,
      expires_at: now + options.expiresInDays * day,
      max_uses: options.maxUses,
      uses: 0,
      revoked_at: null,
    };
    await this.db.insertInto('invites').values(invite).execute();
    return invite;
  }

  /** The group's invites, oldest first, revoked and expired ones included. */
  async list(groupId: string, page: PageQuery): Promise<Page<InviteRow>> {
    const query = this.db.selectFrom('invites').selectAll().where('group_id', '=', groupId);
    const rows = await selectPage(query, page, 'created_at', 'code').execute();
    return toPage(rows, page.limit, (invite) => ({ at: invite.created_at, id: invite.code }));
  }

  /** Revokes a code of this group; revoking twice keeps the first time. */
  async revoke(groupId: string, code: string): Promise<void> {
    const invite = await this.db
      .selectFrom('invites')
      .select('revoked_at')
      .where('code', '=', code)
      .where('group_id', '=', groupId)
      .executeTakeFirst();
    if (!invite) throw notFound('This invite');
    await this.db
      .updateTable('invites')
      .set({ revoked_at: this.now() })
      .where('code', '=', code)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async preview(code: string): Promise<InvitePreviewRow> {
    const row = await this.db
      .selectFrom('invites')
      .innerJoin('groups', 'groups.id', 'invites.group_id')
      .selectAll('invites')
      .select(joinedGroupColumns)
      .where('invites.code', '=', code)
      .executeTakeFirst();
    if (!row) throw notFound('This invite');
    const { group, rest: invite } = splitJoinedGroup(row);
    return { invite, group, usable: isUsable(invite, this.now()) };
  }

  /**
   * Joins the caller to the invite's group with its role. Someone who is
   * already a member keeps their role and uses nothing up (following an old
   * link must not demote an instructor). A use is counted by a conditional
   * update, so concurrent accepts can never exceed `max_uses`. An
   * instructor joining a course becomes an instructor of its teams. Someone
   * removed or demoted cannot use an invite made before (invite-bars.ts).
   */
  async accept(code: string, userId: string): Promise<GroupWithRole> {
    const { group, role, joined, teams } = await this.db.transaction().execute(async (trx) => {
      const invite = await trx.selectFrom('invites').selectAll().where('code', '=', code).executeTakeFirst();
      if (!invite) throw notFound('This invite');
      const group = await trx.selectFrom('groups').selectAll().where('id', '=', invite.group_id).executeTakeFirstOrThrow();
      await refuseBarredInvite(trx, invite, userId);

      const now = this.now();
      const inserted = await trx
        .insertInto('memberships')
        .values({ group_id: invite.group_id, user_id: userId, role: invite.role, created_at: now })
        .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
        const existing = await trx
          .selectFrom('memberships')
          .select('role')
          .where('group_id', '=', invite.group_id)
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow();
        return { group, role: existing.role, joined: false, teams: [] as MembershipChange[] };
      }
      await recordEvent(trx, { type: 'member-joined', groupId: group.id, actorId: userId, subjectId: userId, payload: { role: invite.role }, at: now });

      const counted = await trx
        .updateTable('invites')
        .set((eb) => ({ uses: eb('uses', '+', 1) }))
        .where('code', '=', code)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
        .executeTakeFirst();
      // Throwing rolls the membership back with the transaction.
      if (Number(counted.numUpdatedRows) === 0) throw inviteExpired();
      const teams = await matchCourseInstructors(trx, group.id, undefined, now);
      return { group, role: invite.role, joined: true, teams };
    });
    if (joined) this.accessEvents.publish({ type: 'membership-changed', groupId: group.id, userId, role });
    for (const event of teams) this.accessEvents.publish(event);
    return { group, role };
  }
}

/** Not revoked, not expired, and not used up. */
export function isUsable(invite: InviteRow, now: number): boolean {
  return (
    invite.revoked_at === null && invite.expires_at > now && (invite.max_uses === null || invite.uses < invite.max_uses)
  );
}

const inviteExpired = () =>
  new AppError('invite_expired', 'This invite has expired, was revoked or has been used up. Ask for a new one.');
