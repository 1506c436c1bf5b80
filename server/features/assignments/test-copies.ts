import type { TestServer, TestUser } from '../../testing/test-server';
import { seedClass } from './test-class';

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
  const instructor = await server.createUser('Ines Instructor');
  const members: TestUser[] = [];
  for (let i = 1; i <= teams; i += 1) members.push(await server.createUser(`Learner ${i}`));
  const seeded = await seedClass(server.domain.store.db, {
    instructorId: instructor.user.id,
    teams: members.map((member, i) => ({ name: `Team ${i + 1}`, memberIds: [member.user.id] })),
    dueAt,
    lockAtDue,
  });
  const copies = seeded.teams.map((team, i) => ({ teamId: team.id, docId: team.docId, member: members[i]! }));
  return { courseId: seeded.courseId, assignmentId: seeded.assignmentId, instructor, copies };
}
