import type { AssignmentDetailResponse, AssignmentResponse, SubmissionResponse } from '../../../shared/schemas/courses';
import { type RubricDefinitionInput, type RubricResponse, rubricDefinition } from '../../../shared/schemas/rubrics';
import { newId } from '../../db/ids';
import type { TestServer, TestUser } from '../../testing/test-server';
import { createTestCourse, writeAs } from '../assignments/test-course';
import { newReviewRow } from './review-rooms';

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

/** An assignment with its peer review stage made: its course's teams, their copies and the allocation. */
export interface ReviewedAssignment {
  courseId: string;
  teamIds: string[];
  assignmentId: string;
  rubricId: string;
  /** Each team's copy of the assignment, by team. */
  copyOf: Map<string, string>;
  /** Writes `text` into `learner`'s team's copy as theirs and submits it; the submitted version's id. */
  submit(learner: TestUser, text: string): Promise<string>;
}

/**
 * A course with one team per list of learners, an open assignment "Essay",
 * the sample rubric and an allocation of `k` reviewing teams per team
 * (seed 7); stage settings as given. Nothing submitted, nothing opened.
 */
export async function reviewedAssignment(
  server: TestServer,
  instructor: TestUser,
  teams: TestUser[][],
  stage: { k?: number; anonymity?: 'none' | 'reviewers' | 'both'; dueAt?: number | null; opensAt?: number | null; title?: string } = {},
): Promise<ReviewedAssignment> {
  const course = await createTestCourse(server, instructor, teams);
  const made = await server.api<AssignmentResponse>('POST', `/api/groups/${course.courseId}/assignments`, {
    as: instructor,
    body: { title: stage.title ?? 'Essay', dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
  });
  if (made.status !== 201) throw new Error(`assignment not made: ${JSON.stringify(made.body)}`);
  const assignmentId = made.body.assignment.id;
  const rubricId = (await server.api<RubricResponse>('POST', `/api/groups/${course.courseId}/rubrics`, { as: instructor, body: sampleRubric })).body.rubric.id;
  const { k = 2, title: _title, ...settings } = stage;
  const allocated = await server.api('POST', `/api/assignments/${assignmentId}/peer-review/allocation`, { as: instructor, body: { k, rubricId, seed: 7, ...settings } });
  if (allocated.status !== 201) throw new Error(`allocation not made: ${JSON.stringify(allocated.body)}`);
  const detail = await server.api<AssignmentDetailResponse>('GET', `/api/assignments/${assignmentId}`, { as: instructor });
  const copyOf = new Map(detail.body.teams.map((team) => [team.team.id, team.doc!.id]));
  const submit = async (learner: TestUser, text: string) => {
    const teamIndex = teams.findIndex((members) => members.some((member) => member.user.id === learner.user.id));
    await writeAs(server, copyOf.get(course.teamIds[teamIndex]!)!, learner, text);
    const submitted = await server.api<SubmissionResponse>('POST', `/api/assignments/${assignmentId}/submit`, { as: learner });
    if (submitted.status !== 200) throw new Error(`not submitted: ${JSON.stringify(submitted.body)}`);
    return submitted.body.submission.versionId;
  };
  return { courseId: course.courseId, teamIds: course.teamIds, assignmentId, rubricId, copyOf, submit };
}

/**
 * A review of `teamId`'s work, made straight in storage for the tests over
 * every route (which make a fresh fixture per case, too many for real
 * submissions and openings): the assignment's stage (not opened, with a
 * rubric of its own, so the course's rubric stays free to delete), a
 * reviewing group holding `reviewerId`, the room with its document, and
 * the review, complete but not submitted. Its id.
 */
export async function seedReview(server: TestServer, ids: { courseId: string; assignmentId: string; teamId: string; instructorId: string; reviewerId: string; versionId: string }): Promise<string> {
  const { db } = server.domain.store;
  const at = Date.now();
  const rubricId = newId();
  const definition = rubricDefinition.parse(sampleRubric);
  await db.insertInto('rubrics').values({ id: rubricId, course_id: ids.courseId, title: definition.title, definition: JSON.stringify(definition), created_by: ids.instructorId, created_at: at, updated_at: at }).execute();
  await db.insertInto('peer_review_stages').values({ assignment_id: ids.assignmentId, rubric_id: rubricId, k: 1, seed: 1, created_by: ids.instructorId, created_at: at, updated_at: at }).execute();
  const [reviewingId, roomId, projectId, docId, reviewId] = [newId(), newId(), newId(), newId(), newId()];
  const group = (id: string, name: string) => ({ id, name, created_by: ids.instructorId, created_at: at, parent_id: null, self_signup_max: null });
  await db.insertInto('groups').values([group(reviewingId, 'Reviewing team'), group(roomId, 'Peer review: Essay')]).execute();
  await db.insertInto('projects').values({ id: projectId, group_id: roomId, name: 'Essay', created_by: ids.instructorId, created_at: at }).execute();
  await db.insertInto('documents').values({ id: docId, project_id: projectId, title: 'Essay', created_by: ids.instructorId, created_at: at, updated_at: at }).execute();
  await db
    .insertInto('memberships')
    .values([
      { group_id: reviewingId, user_id: ids.reviewerId, role: 'member', created_at: at, inherited_from: null },
      // No alias: these tests are about who may call what; names under an alias are anonymity.test.ts's.
      { group_id: roomId, user_id: ids.reviewerId, role: 'reviewer', created_at: at, inherited_from: null },
      { group_id: roomId, user_id: ids.instructorId, role: 'instructor', created_at: at, inherited_from: ids.courseId },
    ])
    .execute();
  await db
    .insertInto('peer_reviews')
    .values(
      newReviewRow(
        {
          id: reviewId,
          assignment_id: ids.assignmentId,
          reviewee_team_id: ids.teamId,
          reviewer_team_id: reviewingId,
          reviewer_index: 1,
          submission_index: 1,
          version_id: ids.versionId,
          room_id: roomId,
          doc_id: docId,
          answers: JSON.stringify(definition.criteria.map(() => ({ level: 0, comment: '' }))),
        },
        at,
      ),
    )
    .execute();
  return reviewId;
}
