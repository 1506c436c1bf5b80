import type { Kysely, Transaction } from 'kysely';
import type { PageQuery } from '../../../shared/schemas/common';
import { roles, type Role } from '../../../shared/permissions';
import type { AccessEvents } from '../../access-events';
import { newId } from '../../db/ids';
import { type Page, selectPage, toPage } from '../../db/page-cursor';
import type { Database, GroupRow } from '../../db/schema';
import { conflict, notFound } from '../../errors';
import { recordEvent } from '../activity/event-log';
import { auditCourseOf, recordAudit } from '../audit/audit-log';
import { barEarlierInvites } from '../invites/invite-bars';
import { leaveCourseTeams, matchCourseInstructors, refuseInheritedChange, type MembershipChange } from '../courses/course-instructors';

/** A group together with the role of the user who asked for it. */
export interface GroupWithRole {
  group: GroupRow;
  role: Role;
}

/** One membership with the member's public account fields. */
export interface MemberRow {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: number;
  /** The course whose instructor this is, for a team's row that follows the course (course-instructors.ts). */
  inheritedFrom?: string | null;
}

/**
 * Groups and who belongs to them. Permission checks happen before these
 * methods are called (routes ask Access); what is enforced here are the
 * rules of the data itself: a group always keeps an instructor, and every
 * change of membership is announced once it is committed, so that open sync
 * sockets are closed or downgraded at once (access-events.ts).
 */
export class Groups {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly accessEvents: AccessEvents,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A new group whose creator is its instructor, both rows or neither. Given
   * a transaction (`within`), it writes there, so that a larger step (a team
   * project: group, project and document) commits or fails as one.
   */
  async create(creatorId: string, name: string, within?: Transaction<Database>): Promise<GroupWithRole> {
    const group: GroupRow = { id: newId(), name, created_by: creatorId, created_at: this.now(), parent_id: null, self_signup_max: null, archived_at: null, archived_by: null };
    const write = async (trx: Transaction<Database>) => {
      await trx.insertInto('groups').values(group).execute();
      await trx
        .insertInto('memberships')
        .values({ group_id: group.id, user_id: creatorId, role: 'instructor', created_at: group.created_at })
        .execute();
      await recordEvent(trx, { type: 'group-created', groupId: group.id, actorId: creatorId, at: group.created_at });
    };
    if (within) await write(within);
    else await this.db.transaction().execute(write);
    return { group, role: 'instructor' };
  }

  /** The groups a user belongs to, oldest first, with the user's role in each. */
  async listForUser(userId: string, page: PageQuery): Promise<Page<GroupWithRole>> {
    const query = this.db
      .selectFrom('memberships')
      .innerJoin('groups', 'groups.id', 'memberships.group_id')
      .selectAll('groups')
      .select('memberships.role')
      .where('memberships.user_id', '=', userId)
      // Archived groups, and the teams of an archived course, are listed in their course's Archived view only.
      .where('groups.archived_at', 'is', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('groups as course').select('course.id').whereRef('course.id', '=', 'groups.parent_id').where('course.archived_at', 'is not', null))))
      // A peer review's room is reached from its assignment's review pages, never listed as a group.
      .where((eb) => eb.not(eb.exists(eb.selectFrom('peer_reviews').select('peer_reviews.id').whereRef('peer_reviews.room_id', '=', 'groups.id'))));
    const rows = await selectPage(query, page, 'groups.created_at', 'groups.id').execute();
    const groups = rows.map(({ role, ...group }) => ({ group, role }));
    return toPage(groups, page.limit, ({ group }) => ({ at: group.created_at, id: group.id }));
  }

  async get(groupId: string): Promise<GroupRow> {
    const group = await this.db.selectFrom('groups').selectAll().where('id', '=', groupId).executeTakeFirst();
    if (!group) throw notFound('This group');
    return group;
  }

  /** Members in the order they joined. */
  async members(groupId: string, page: PageQuery): Promise<Page<MemberRow>> {
    const query = selectMembers(this.db).where('memberships.group_id', '=', groupId);
    const rows = await selectPage(query, page, 'memberships.created_at', 'memberships.user_id').execute();
    return toPage(rows, page.limit, (member) => ({ at: member.joinedAt, id: member.userId }));
  }

  /**
   * Gives a member another role (`by` is who does it); the last instructor
   * cannot step down (409), nor can a team's instructor who is one through
   * the course (409: the course's to change). In a course, its teams'
   * instructors follow. A demotion bars invites made until then above the
   * new role.
   */
  async changeRole(groupId: string, userId: string, role: Role, by: string): Promise<MemberRow> {
    const { member, changed, teams } = await this.db.transaction().execute(async (trx) => {
      const current = await lockMembership(trx, groupId, userId);
      refuseInheritedChange(current.inheritedFrom ?? null);
      if (current.role === role) return { member: current, changed: false, teams: [] };
      if (current.role === 'instructor') await requireAnotherInstructor(trx, groupId, 'step down');
      await trx
        .updateTable('memberships')
        .set({ role })
        .where('group_id', '=', groupId)
        .where('user_id', '=', userId)
        .execute();
      if (roles.indexOf(role) > roles.indexOf(current.role)) await barEarlierInvites(trx, { groupIds: [groupId], userId, ceiling: role, at: this.now() });
      await recordEvent(trx, { type: 'member-role-changed', groupId, actorId: by, subjectId: userId, payload: { role } });
      await recordAudit(trx, {
        courseId: await auditCourseOf(trx, groupId),
        actorId: by,
        action: 'role-changed',
        subjectType: 'member',
        subjectId: userId,
        detail: { name: current.name, from: current.role, to: role, groupId },
        at: this.now(),
      });
      const teams = await matchCourseInstructors(trx, groupId, undefined, this.now());
      return { member: { ...current, role }, changed: true, teams };
    });
    if (changed) this.accessEvents.publish({ type: 'membership-changed', groupId, userId, role });
    for (const event of teams) this.accessEvents.publish(event);
    return member;
  }

  /**
   * Removes a member (`by` someone else) or lets one leave (`by` themself);
   * the last instructor cannot go (409), nor a team's instructor who is one
   * through the course (409). Leaving a course is leaving its teams too. A
   * removal bars the invites made until then (../invites/invite-bars.ts).
   */
  async remove(groupId: string, userId: string, by: string): Promise<void> {
    const teams = await this.db.transaction().execute(async (trx) => {
      const current = await lockMembership(trx, groupId, userId);
      refuseInheritedChange(current.inheritedFrom ?? null);
      if (current.role === 'instructor') await requireAnotherInstructor(trx, groupId, 'leave');
      await trx.deleteFrom('memberships').where('group_id', '=', groupId).where('user_id', '=', userId).execute();
      await recordEvent(trx, { type: 'member-left', groupId, actorId: by, subjectId: userId });
      await recordAudit(trx, {
        courseId: await auditCourseOf(trx, groupId),
        actorId: by,
        action: 'member-removed',
        subjectType: 'member',
        subjectId: userId,
        detail: { name: current.name, role: current.role, groupId, left: by === userId },
        at: this.now(),
      });
      const left: MembershipChange[] = await leaveCourseTeams(trx, groupId, userId);
      // Removed by someone else: no invite made until now lets them back in. Leaving by choice bars nothing.
      if (by !== userId) {
        const groupIds = [groupId, ...left.map((change) => change.groupId)];
        await barEarlierInvites(trx, { groupIds, userId, ceiling: null, at: this.now() });
      }
      return [...left, ...(await matchCourseInstructors(trx, groupId, undefined, this.now()))];
    });
    this.accessEvents.publish({ type: 'membership-changed', groupId, userId, role: null });
    for (const event of teams) this.accessEvents.publish(event);
  }
}

/**
 * Reads a membership after taking the group's write lock. The no-op update
 * serialises concurrent membership changes of one group on both dialects
 * (a row lock in PostgreSQL, the database lock in SQLite), so two instructors
 * demoting each other at the same moment cannot both see "another instructor
 * remains" and leave the group with none.
 */
async function lockMembership(trx: Transaction<Database>, groupId: string, userId: string): Promise<MemberRow> {
  await trx
    .updateTable('groups')
    .set((eb) => ({ name: eb.ref('groups.name') }))
    .where('id', '=', groupId)
    .execute();
  const member = await selectMembers(trx)
    .where('memberships.group_id', '=', groupId)
    .where('memberships.user_id', '=', userId)
    .executeTakeFirst();
  if (!member) throw notFound('This member');
  return member;
}

async function requireAnotherInstructor(trx: Transaction<Database>, groupId: string, action: string): Promise<void> {
  const { count } = await trx
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('group_id', '=', groupId)
    .where('role', '=', 'instructor')
    .executeTakeFirstOrThrow();
  if (Number(count) < 2) {
    throw conflict(`The last instructor cannot ${action}; make someone else an instructor first.`);
  }
}

function selectMembers(db: Kysely<Database>) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'memberships.user_id as userId',
      'users.email',
      'users.name',
      'memberships.role',
      'memberships.created_at as joinedAt',
      'memberships.inherited_from as inheritedFrom',
    ]);
}
