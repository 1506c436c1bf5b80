import type { Kysely } from 'kysely';
import type { Role } from '../../../shared/permissions';
import type { Database, DocumentRow, GroupRow, ProjectRow } from '../../db/schema';

export interface OverviewGroup {
  group: GroupRow;
  role: Role;
  projects: { project: ProjectRow; docs: DocumentRow[] }[];
}

/**
 * What the home page shows, read in three queries whatever the number of
 * groups and projects (the caller's memberships with their groups, those
 * groups' projects, those projects' documents), each in the order of the
 * route that lists it alone: oldest first. Membership is the access check:
 * only groups the caller belongs to are read. A course's instructors are in
 * each of its teams through the course (inherited rows): home lists the
 * course, whose page leads to every team, not sixty teams besides it.
 */
export async function readOverview(db: Kysely<Database>, userId: string): Promise<OverviewGroup[]> {
  const memberships = await db
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .selectAll('groups')
    .select('memberships.role')
    .where('memberships.user_id', '=', userId)
    .where('memberships.inherited_from', 'is', null)
    // Archived groups, and the teams of an archived course, are listed in their course's Archived view only.
    .where('groups.archived_at', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('groups as course').select('course.id').whereRef('course.id', '=', 'groups.parent_id').where('course.archived_at', 'is not', null))))
    // A peer review's room is reached from its assignment's review pages, never listed as a group.
    .where((eb) => eb.not(eb.exists(eb.selectFrom('peer_reviews').select('peer_reviews.id').whereRef('peer_reviews.room_id', '=', 'groups.id'))))
    .orderBy('groups.created_at')
    .orderBy('groups.id')
    .execute();
  if (memberships.length === 0) return [];
  // Subqueries rather than lists of ids: no limit on bound parameters to meet.
  const callersGroups = db.selectFrom('memberships').select('group_id').where('user_id', '=', userId).where('inherited_from', 'is', null);
  const projects = await db
    .selectFrom('projects')
    .selectAll()
    .where('group_id', 'in', callersGroups)
    .where('archived_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const docs =
    projects.length === 0
      ? []
      : await db
          .selectFrom('documents')
          .selectAll()
          .where('project_id', 'in', db.selectFrom('projects').select('id').where('group_id', 'in', callersGroups))
          .where('archived_at', 'is', null)
          .orderBy('created_at')
          .orderBy('id')
          .execute();

  const docsByProject = groupBy(docs, (doc) => doc.project_id);
  const projectsByGroup = groupBy(projects, (project) => project.group_id);
  return memberships.map(({ role, ...group }) => ({
    group,
    role,
    projects: (projectsByGroup.get(group.id) ?? []).map((project) => ({ project, docs: docsByProject.get(project.id) ?? [] })),
  }));
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
