import type { Transaction } from 'kysely';
import type { AccessEvent } from '../../access-events';
import type { Database } from '../../db/schema';
import { conflict } from '../../errors';

/** A change of access to announce once the transaction that made it has committed. */
export type MembershipChange = Extract<AccessEvent, { type: 'membership-changed' }>;

/**
 * Makes the inherited instructor rows of a course's teams match the course's
 * instructors, inside the caller's transaction: every course instructor is
 * an instructor of every team (a row marked `inherited_from` the course),
 * and an inherited row whose holder no longer instructs the course goes.
 * Every place that writes a membership of a group calls this with that
 * group, so the rule holds for teams made later and instructors added or
 * removed later, and every check of a role stays one row.
 *
 * A course instructor who also held a row of their own in a team (a learner
 * made instructor of the course) has it turned into the inherited one: one
 * row per person per group. When they stop instructing the course they leave
 * the team with it; the instructor places them again if they are to stay.
 *
 * A group with no teams (nearly every group) costs the one query that finds
 * none. `teamIds` narrows the work to those teams (a team just made).
 * Returns the changes of existing rows, for the caller to publish after the
 * commit, so that open sync sockets are closed or downgraded at once.
 */
export async function matchCourseInstructors(
  trx: Transaction<Database>,
  courseId: string,
  teamIds?: readonly string[],
  now: number = Date.now(),
): Promise<MembershipChange[]> {
  const teams = teamIds ?? (await trx.selectFrom('groups').select('id').where('parent_id', '=', courseId).execute()).map((t) => t.id);
  if (teams.length === 0) return [];

  const instructors = (
    await trx
      .selectFrom('memberships')
      .select('user_id')
      .where('group_id', '=', courseId)
      .where('role', '=', 'instructor')
      .execute()
  ).map((row) => row.user_id);
  const instructing = new Set(instructors);

  const rows = await trx
    .selectFrom('memberships')
    .select(['group_id', 'user_id', 'role', 'inherited_from'])
    .where('group_id', 'in', teams)
    .where((eb) =>
      instructors.length > 0
        ? eb.or([eb('inherited_from', '=', courseId), eb('user_id', 'in', instructors)])
        : eb('inherited_from', '=', courseId),
    )
    .execute();

  const changes: MembershipChange[] = [];
  const held = new Set<string>();
  for (const row of rows) {
    held.add(`${row.group_id} ${row.user_id}`);
    if (!instructing.has(row.user_id)) {
      // Only an inherited row can be here without its holder instructing the course.
      await trx.deleteFrom('memberships').where('group_id', '=', row.group_id).where('user_id', '=', row.user_id).execute();
      changes.push({ type: 'membership-changed', groupId: row.group_id, userId: row.user_id, role: null });
    } else if (row.inherited_from !== courseId || row.role !== 'instructor') {
      await trx
        .updateTable('memberships')
        .set({ role: 'instructor', inherited_from: courseId })
        .where('group_id', '=', row.group_id)
        .where('user_id', '=', row.user_id)
        .execute();
      if (row.role !== 'instructor') changes.push({ type: 'membership-changed', groupId: row.group_id, userId: row.user_id, role: 'instructor' });
    }
  }

  const missing = teams.flatMap((teamId) =>
    instructors
      .filter((userId) => !held.has(`${teamId} ${userId}`))
      .map((userId) => ({ group_id: teamId, user_id: userId, role: 'instructor' as const, created_at: now, inherited_from: courseId })),
  );
  for (let i = 0; i < missing.length; i += 200) {
    // Two changes of the course at once may both find a row missing: the second insert is then a no-op.
    await trx
      .insertInto('memberships')
      .values(missing.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
      .execute();
  }
  for (const row of missing) changes.push({ type: 'membership-changed', groupId: row.group_id, userId: row.user_id, role: 'instructor' });
  return changes;
}

/**
 * An inherited instructor row is the course's to change: changing or removing
 * it in the team alone would be undone by the next change of the course, so
 * it is refused (409) with where to do it instead.
 */
export function refuseInheritedChange(inheritedFrom: string | null): void {
  if (inheritedFrom !== null) {
    throw conflict('This person is an instructor of the whole course; change their role or remove them in the course.');
  }
}

/**
 * When someone leaves a course they leave its teams too (a learner's own
 * team, a team they review) and the rooms of its assignments' peer
 * reviews: team documents and reviews are the course's work, not theirs
 * to keep reading. Returns the changes to publish after the commit.
 */
export async function leaveCourseTeams(trx: Transaction<Database>, courseId: string, userId: string): Promise<MembershipChange[]> {
  const rooms = trx
    .selectFrom('peer_reviews')
    .innerJoin('assignments', 'assignments.id', 'peer_reviews.assignment_id')
    .select('peer_reviews.room_id')
    .where('assignments.course_id', '=', courseId);
  const rows = await trx
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .select('memberships.group_id')
    .where((eb) => eb.or([eb('groups.parent_id', '=', courseId), eb('groups.id', 'in', rooms)]))
    .where('memberships.user_id', '=', userId)
    .execute();
  if (rows.length === 0) return [];
  const teamIds = rows.map((row) => row.group_id);
  await trx.deleteFrom('memberships').where('user_id', '=', userId).where('group_id', 'in', teamIds).execute();
  return teamIds.map((groupId) => ({ type: 'membership-changed', groupId, userId, role: null }));
}
