import { newId } from '../../db/ids';
import type { TestServer, TestUser } from '../../testing/test-server';

export interface TestCopy {
  teamId: string;
  docId: string;
  /** The team's one learner. */
  member: TestUser;
}

export interface TestAssignment {
  courseId: string;
  assignmentId: string;
  instructor: TestUser;
  copies: TestCopy[];
}

/**
 * A course with one instructor, `teams` teams of one learner each, and an
 * assignment whose copies already exist (one document per team), made
 * straight in storage so that tests of the lock do not depend on the routes
 * that set and open assignments.
 */
export async function createTestAssignment(
  server: TestServer,
  { teams, dueAt, lockAtDue }: { teams: number; dueAt: number; lockAtDue: boolean },
): Promise<TestAssignment> {
  const { db } = server.domain.store;
  const now = Date.now();
  const instructor = await server.createUser('Ines Instructor');
  const courseId = newId();
  const assignmentId = newId();
  const by = instructor.user.id;
  await db.insertInto('groups').values({ id: courseId, name: 'Course', created_by: by, created_at: now }).execute();
  await db.insertInto('memberships').values({ group_id: courseId, user_id: by, role: 'instructor', created_at: now }).execute();
  await db
    .insertInto('assignments')
    .values({
      id: assignmentId,
      course_id: courseId,
      title: 'Essay',
      instructions: '',
      template_markdown: null,
      template_doc_id: null,
      opens_at: now,
      due_at: dueAt,
      lock_at_due: lockAtDue ? 1 : 0,
      opened_at: now,
      revision: 1,
      created_by: by,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const copies: TestCopy[] = [];
  for (let i = 1; i <= teams; i += 1) {
    const member = await server.createUser(`Learner ${i}`);
    const [teamId, projectId, docId] = [newId(), newId(), newId()];
    await db.insertInto('groups').values({ id: teamId, name: `Team ${i}`, created_by: by, created_at: now, parent_id: courseId }).execute();
    await db
      .insertInto('memberships')
      .values([
        { group_id: courseId, user_id: member.user.id, role: 'member', created_at: now },
        { group_id: teamId, user_id: member.user.id, role: 'member', created_at: now },
        { group_id: teamId, user_id: by, role: 'instructor', created_at: now, inherited_from: courseId },
      ])
      .execute();
    await db.insertInto('projects').values({ id: projectId, group_id: teamId, name: 'Essay', created_by: by, created_at: now }).execute();
    await db
      .insertInto('documents')
      .values({ id: docId, project_id: projectId, title: `Essay: Team ${i}`, created_by: by, created_at: now, updated_at: now })
      .execute();
    await db
      .insertInto('assignment_teams')
      .values({ assignment_id: assignmentId, team_id: teamId, project_id: projectId, doc_id: docId, due_at: null, reopened_at: null, created_at: now })
      .execute();
    copies.push({ teamId, docId, member });
  }
  return { courseId, assignmentId, instructor, copies };
}
