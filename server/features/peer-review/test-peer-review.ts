import type { RubricDefinitionInput } from '../../../shared/schemas/rubrics';
import type { TestServer } from '../../testing/test-server';

/**
 * What the peer review tests share, and the tests over every route (the
 * authorisation matrix, the API fuzz): a valid rubric, and learners' teams
 * added to a course.
 */

export const sampleRubric: RubricDefinitionInput = {
  title: 'Argument essay',
  criteria: [
    {
      title: 'Thesis',
      description: 'Is the claim clear and arguable?',
      levels: [
        { label: 'Missing', description: 'No claim can be found.', points: 0 },
        { label: 'Vague', description: 'A claim, but hard to argue with.', points: 2 },
        { label: 'Clear', description: 'A clear claim someone could dispute.', points: 4 },
      ],
    },
    {
      title: 'Evidence',
      description: '',
      levels: [
        { label: 'Thin', description: '', points: 0 },
        { label: 'Solid', description: 'Sources back each point.', points: 5.5 },
      ],
    },
  ],
};

/**
 * Adds `count` teams of one new learner each to a course, made by one of
 * its instructors through the Teams service (so an open assignment gives
 * each its copy like any team made later). Their ids, in order.
 */
export async function addLearnerTeams(server: TestServer, courseId: string, count: number): Promise<string[]> {
  const { db } = server.domain.store;
  const instructorId = await courseInstructor(server, courseId);
  const teamIds: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const learner = await server.createUser(`Learner ${i + 1}`);
    await db.insertInto('memberships').values({ group_id: courseId, user_id: learner.user.id, role: 'member', created_at: Date.now(), inherited_from: null }).execute();
    const team = await server.domain.teams.create(courseId, instructorId, { name: `Reviewing team ${i + 1} ${learner.user.id}`, memberIds: [learner.user.id] });
    teamIds.push(team.id);
  }
  return teamIds;
}

/** The id of one of the course's own instructors. */
export async function courseInstructor(server: TestServer, courseId: string): Promise<string> {
  const row = await server.domain.store.db
    .selectFrom('memberships')
    .select('user_id')
    .where('group_id', '=', courseId)
    .where('role', '=', 'instructor')
    .where('inherited_from', 'is', null)
    .orderBy('created_at')
    .executeTakeFirstOrThrow();
  return row.user_id;
}
