import { type Kysely, sql, type Transaction } from 'kysely';
import type { DatabaseKind } from '../../db/database';
import type { Database, GroupRow } from '../../db/schema';
import { badRequest, conflict, notFound } from '../../errors';
import { recordEvent } from '../activity/event-log';
import { refuseInheritedChange, type MembershipChange } from './course-instructors';

/**
 * Learners' places in the course's teams, to select from: a learner is a
 * member of one team per course (instructors' rows there are inherited and
 * reviewers' are not their own team).
 */
export function learnerPlaces(db: Kysely<Database>, courseId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .where('groups.parent_id', '=', courseId)
    .where('memberships.role', '=', 'member');
}

/** The learners (role member) of each team, in name order: a team's own members now (its instructors' rows are the course's). */
export async function learnersOf(db: Kysely<Database>, teamIds: readonly string[]): Promise<Map<string, { id: string; name: string; email: string }[]>> {
  const byTeam = new Map<string, { id: string; name: string; email: string }[]>();
  if (teamIds.length === 0) return byTeam;
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.group_id', 'users.id', 'users.name', 'users.email'])
    .where('memberships.group_id', 'in', [...teamIds])
    .where('memberships.role', '=', 'member')
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
  for (const row of rows) {
    const list = byTeam.get(row.group_id) ?? [];
    list.push({ id: row.id, name: row.name, email: row.email });
    byTeam.set(row.group_id, list);
  }
  return byTeam;
}

/** The id of the learner's team in the course; null while they are in none. */
export async function learnerTeamId(db: Kysely<Database>, courseId: string, userId: string): Promise<string | null> {
  const place = await learnerPlaces(db, courseId).select('memberships.group_id').where('memberships.user_id', '=', userId).executeTakeFirst();
  return place?.group_id ?? null;
}

/**
 * Takes the course's lock for the rest of the transaction, so that changes
 * of its teams run one at a time: two learners taking the last seat of a
 * team, or one learner placed in two teams at once, cannot both succeed.
 * On PostgreSQL it is a row lock FOR UPDATE, which also waits for any
 * transaction adding a membership of the course (its foreign key check
 * holds a key-share lock on the same row until it commits), so a team being
 * made and an instructor joining the course at the same moment cannot miss
 * each other. SQLite has one writer at a time.
 */
export async function lockCourse(trx: Transaction<Database>, kind: DatabaseKind, courseId: string): Promise<GroupRow> {
  if (kind === 'postgres') {
    const course = await trx.selectFrom('groups').selectAll().where('id', '=', courseId).forUpdate().executeTakeFirst();
    if (!course) throw notFound('This course');
    return course;
  }
  await trx
    .updateTable('groups')
    .set((eb) => ({ name: eb.ref('groups.name') }))
    .where('id', '=', courseId)
    .execute();
  const course = await trx.selectFrom('groups').selectAll().where('id', '=', courseId).executeTakeFirst();
  if (!course) throw notFound('This course');
  return course;
}

/** A course is a group that is not a team: a team cannot hold teams of its own (400). */
export function requireCourse(group: GroupRow): void {
  if (group.parent_id !== null) throw badRequest('A team cannot have teams of its own; make teams in its course.');
}

export async function requireTeam(trx: Transaction<Database>, courseId: string, teamId: string): Promise<GroupRow> {
  const team = await trx.selectFrom('groups').selectAll().where('id', '=', teamId).where('parent_id', '=', courseId).executeTakeFirst();
  if (!team) throw notFound('This team');
  return team;
}

/**
 * Checks that every one of `userIds` is a learner of the course (a member,
 * not its instructor or reviewer); refuses the request naming those who are
 * not (400), so an instructor sees at once whom to invite first.
 */
export async function requireLearners(trx: Transaction<Database>, courseId: string, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  const unique = [...new Set(userIds)];
  const learners = new Set<string>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await trx
      .selectFrom('memberships')
      .select('user_id')
      .where('group_id', '=', courseId)
      .where('role', '=', 'member')
      .where('user_id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const row of rows) learners.add(row.user_id);
  }
  const others = unique.filter((userId) => !learners.has(userId));
  if (others.length > 0) {
    throw badRequest(`Not learners of this course: ${others.join(', ')}. Invite them to the course first.`, {
      memberIds: `Not learners of this course: ${others.join(', ')}`,
    });
  }
}

/**
 * Makes `userId` a member of `teamId` and takes them out of any other team of
 * the course they were a member of: a learner is in one team per course.
 * Rows as reviewer of other teams stay. What they wrote stays theirs: every
 * update is stored with its author's id, not the team's. Call with the
 * course locked (lockCourse). Returns the changes to publish after commit.
 */
export async function placeInTeam(
  trx: Transaction<Database>,
  courseId: string,
  teamId: string,
  userId: string,
  by: string,
  at: number,
): Promise<MembershipChange[]> {
  const changes: MembershipChange[] = [];
  const current = await trx
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .select(['memberships.group_id', 'memberships.role'])
    .where('groups.parent_id', '=', courseId)
    .where('memberships.user_id', '=', userId)
    .where((eb) => eb.or([eb('memberships.role', '=', 'member'), eb('memberships.group_id', '=', teamId)]))
    .execute();
  for (const row of current) {
    if (row.group_id === teamId) continue;
    await trx.deleteFrom('memberships').where('group_id', '=', row.group_id).where('user_id', '=', userId).execute();
    await recordEvent(trx, { type: 'member-left', groupId: row.group_id, actorId: by, subjectId: userId, at });
    changes.push({ type: 'membership-changed', groupId: row.group_id, userId, role: null });
  }
  const here = current.find((row) => row.group_id === teamId);
  if (here?.role === 'member') return changes;
  if (here) {
    await trx.updateTable('memberships').set({ role: 'member' }).where('group_id', '=', teamId).where('user_id', '=', userId).execute();
    await recordEvent(trx, { type: 'member-role-changed', groupId: teamId, actorId: by, subjectId: userId, payload: { role: 'member' }, at });
  } else {
    await trx.insertInto('memberships').values({ group_id: teamId, user_id: userId, role: 'member', created_at: at }).execute();
    await recordEvent(trx, { type: 'member-joined', groupId: teamId, actorId: by, subjectId: userId, payload: { role: 'member' }, at });
  }
  changes.push({ type: 'membership-changed', groupId: teamId, userId, role: 'member' });
  return changes;
}

/**
 * Makes a member of the course a reviewer of one team's work: they read it and
 * give feedback, and cannot change its text. Their own team stays theirs.
 */
export async function addReviewer(
  trx: Transaction<Database>,
  courseId: string,
  teamId: string,
  userId: string,
  by: string,
  at: number,
): Promise<MembershipChange[]> {
  const inCourse = await trx
    .selectFrom('memberships')
    .select('role')
    .where('group_id', '=', courseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!inCourse) throw badRequest(`Not a member of this course: ${userId}. Invite them to the course first.`);
  const here = await trx
    .selectFrom('memberships')
    .select(['role', 'inherited_from'])
    .where('group_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (here?.role === 'reviewer') return [];
  if (here) {
    refuseInheritedChange(here.inherited_from);
    throw conflict('This person is a member of this team already; take them out of it before making them its reviewer.');
  }
  await trx.insertInto('memberships').values({ group_id: teamId, user_id: userId, role: 'reviewer', created_at: at }).execute();
  await recordEvent(trx, { type: 'member-joined', groupId: teamId, actorId: by, subjectId: userId, payload: { role: 'reviewer' }, at });
  return [{ type: 'membership-changed', groupId: teamId, userId, role: 'reviewer' }];
}

/** Takes someone out of a team (not the course); an inherited instructor is the course's to remove (409). */
export async function takeOutOfTeam(trx: Transaction<Database>, teamId: string, userId: string, by: string, at: number): Promise<MembershipChange[]> {
  const here = await trx
    .selectFrom('memberships')
    .select(['role', 'inherited_from'])
    .where('group_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!here) throw notFound('This member');
  refuseInheritedChange(here.inherited_from);
  await trx.deleteFrom('memberships').where('group_id', '=', teamId).where('user_id', '=', userId).execute();
  await recordEvent(trx, { type: 'member-left', groupId: teamId, actorId: by, subjectId: userId, at });
  return [{ type: 'membership-changed', groupId: teamId, userId, role: null }];
}

/** The team's members who are its own (not the course's instructors), counted. */
export async function countTeamMembers(trx: Transaction<Database>, teamId: string): Promise<number> {
  const { count } = await trx
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('group_id', '=', teamId)
    .where('role', '=', 'member')
    .executeTakeFirstOrThrow();
  return Number(count);
}

/**
 * Whether the team has work that deleting it would destroy: writing or
 * feedback in any of its documents by anyone but the course's instructors
 * (a template the instructor seeded, or their own feedback, is not the
 * team's work).
 */
export async function teamHasWork(trx: Transaction<Database>, courseId: string, teamId: string): Promise<boolean> {
  const instructors = trx
    .selectFrom('memberships')
    .select('user_id')
    .where('group_id', '=', courseId)
    .where('role', '=', 'instructor');
  const writing = await trx
    .selectFrom('doc_updates')
    .innerJoin('documents', 'documents.id', 'doc_updates.doc_id')
    .innerJoin('projects', 'projects.id', 'documents.project_id')
    .select(sql<number>`1`.as('found'))
    .where('projects.group_id', '=', teamId)
    .where('doc_updates.user_id', 'not in', instructors)
    .limit(1)
    .executeTakeFirst();
  if (writing) return true;
  const feedback = await trx
    .selectFrom('threads')
    .select(sql<number>`1`.as('found'))
    .where('group_id', '=', teamId)
    .where('author_id', 'not in', instructors)
    .limit(1)
    .executeTakeFirst();
  return feedback !== undefined;
}
