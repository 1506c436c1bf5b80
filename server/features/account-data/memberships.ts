import type { Kysely } from 'kysely';
import type { Role } from '../../../shared/permissions';
import type { Database } from '../../db/schema';

/** One of a person's memberships as their download shows it. */
export interface OwnMembership {
  groupId: string;
  name: string;
  /** A team of a course, a peer review's room, a course (it has teams or assignments), or a group on its own. */
  kind: 'team' | 'review-room' | 'course' | 'group';
  /** The course it belongs to, for a team or a review room. */
  course: { id: string; name: string } | null;
  role: Role;
  /** The name they are shown by to the group's members ("Reviewer 1"), if any. */
  alias: string | null;
  /** True for a team's instructor row that follows the course's instructors. */
  throughCourse: boolean;
  joinedAt: string;
}

/** Every group a person is a member of, with where it sits. */
export async function membershipsOf(db: Kysely<Database>, userId: string): Promise<OwnMembership[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .select([
      'groups.id',
      'groups.name',
      'groups.parent_id',
      'memberships.role',
      'memberships.alias',
      'memberships.inherited_from',
      'memberships.created_at',
      (eb) => eb.selectFrom('groups as team').select('team.id').whereRef('team.parent_id', '=', 'groups.id').limit(1).as('someTeam'),
      (eb) => eb.selectFrom('assignments').select('assignments.id').whereRef('assignments.course_id', '=', 'groups.id').limit(1).as('someAssignment'),
    ])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at')
    .execute();
  const roomCourses = await reviewRoomCourses(db, rows.map((row) => row.id));
  const courseIds = [...new Set([...rows.map((row) => row.parent_id), ...roomCourses.values()].filter((id): id is string => id !== null))];
  const courseNames = new Map(
    courseIds.length ? (await db.selectFrom('groups').select(['id', 'name']).where('id', 'in', courseIds).execute()).map((row) => [row.id, row.name]) : [],
  );
  return rows.map((row) => {
    const courseId = row.parent_id ?? roomCourses.get(row.id) ?? null;
    const kind: OwnMembership['kind'] = row.parent_id
      ? 'team'
      : roomCourses.has(row.id)
        ? 'review-room'
        : row.someTeam !== null || row.someAssignment !== null
          ? 'course'
          : 'group';
    return {
      groupId: row.id,
      name: row.name,
      kind,
      course: courseId ? { id: courseId, name: courseNames.get(courseId) ?? '' } : null,
      role: row.role,
      alias: row.alias ?? null,
      throughCourse: row.inherited_from !== null,
      joinedAt: new Date(Number(row.created_at)).toISOString(),
    };
  });
}

/**
 * The courses (or groups on their own) whose audit log concerns the person:
 * for each group they are in, its course (a team's parent, a review room's
 * assignment's course), or the group itself.
 */
export async function coursesOf(db: Kysely<Database>, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .select(['groups.id', 'groups.parent_id'])
    .where('memberships.user_id', '=', userId)
    .execute();
  const roomCourses = await reviewRoomCourses(db, rows.map((row) => row.id));
  return [...new Set(rows.map((row) => row.parent_id ?? roomCourses.get(row.id) ?? row.id))];
}

/** For the groups among `groupIds` that are peer review rooms, the course of their assignment. */
async function reviewRoomCourses(db: Kysely<Database>, groupIds: readonly string[]): Promise<Map<string, string>> {
  if (groupIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('peer_reviews')
    .innerJoin('assignments', 'assignments.id', 'peer_reviews.assignment_id')
    .select(['peer_reviews.room_id', 'assignments.course_id'])
    .where('peer_reviews.room_id', 'in', [...groupIds])
    .execute();
  return new Map(rows.map((row) => [row.room_id, row.course_id]));
}
