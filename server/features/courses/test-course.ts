import type { Role } from '../../../shared/permissions';
import type { TestServer, TestUser } from '../../testing/test-server';

/**
 * Fixtures for the course tests, made through the routes a course's
 * instructor uses: a course (a group), people joining it by email invite,
 * teams, and a document in a team.
 */

export interface Course {
  courseId: string;
  instructor: TestUser;
}

export async function createCourse(server: TestServer, instructor: TestUser, name = 'Biology 101'): Promise<Course> {
  const created = await server.api('POST', '/api/groups', { as: instructor, body: { name } });
  if (created.status !== 201) throw new Error(`course: ${created.status} ${JSON.stringify(created.body)}`);
  return { courseId: created.body.group.id, instructor };
}

/** Adds people to the course with `role` by email invite (they have accounts, so they join at once). */
export async function enrol(server: TestServer, course: Course, role: Role, ...people: TestUser[]): Promise<void> {
  for (const person of people) {
    const invited = await server.api('POST', `/api/groups/${course.courseId}/invites/email`, {
      as: course.instructor,
      body: { email: person.user.email, role },
    });
    if (invited.status !== 200) throw new Error(`enrol: ${invited.status} ${JSON.stringify(invited.body)}`);
  }
}

export async function createTeam(server: TestServer, course: Course, name: string, members: TestUser[] = []): Promise<string> {
  const created = await server.api('POST', `/api/groups/${course.courseId}/teams`, {
    as: course.instructor,
    body: { name, memberIds: members.map((m) => m.user.id) },
  });
  if (created.status !== 201) throw new Error(`team: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.team.id;
}

/** A project and document in the team, made by `by` (an instructor or member of it). */
export async function teamDoc(server: TestServer, teamId: string, by: TestUser, title = 'Report'): Promise<{ projectId: string; docId: string }> {
  const project = await server.api('POST', `/api/groups/${teamId}/projects`, { as: by, body: { name: `${title} project` } });
  if (project.status !== 201) throw new Error(`project: ${project.status} ${JSON.stringify(project.body)}`);
  const projectId = project.body.project.id as string;
  const doc = await server.api('POST', `/api/projects/${projectId}/docs`, { as: by, body: { title } });
  if (doc.status !== 201) throw new Error(`doc: ${doc.status} ${JSON.stringify(doc.body)}`);
  return { projectId, docId: doc.body.doc.id as string };
}

/** The caller's role in a group as stored, or null. */
export async function storedRole(server: TestServer, groupId: string, user: TestUser): Promise<string | null> {
  const row = await server.domain.store.db
    .selectFrom('memberships')
    .select('role')
    .where('group_id', '=', groupId)
    .where('user_id', '=', user.user.id)
    .executeTakeFirst();
  return row?.role ?? null;
}
