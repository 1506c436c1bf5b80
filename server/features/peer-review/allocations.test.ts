import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssignmentDetailResponse, AssignmentResponse } from '../../../shared/schemas/courses';
import type { PeerReviewAllocation, PeerReviewAllocationResponse, ReviewAssignmentsResponse } from '../../../shared/schemas/peer-review';
import type { RubricResponse } from '../../../shared/schemas/rubrics';
import type { ApiErrorBody } from '../../../shared/api-error';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { createTestCourse, type TestCourse } from '../assignments/test-course';
import { sampleRubric } from './test-peer-review';

const day = 86_400_000;

/** The error a refused request answered with. */
const errorOf = (answer: { body: unknown }) => (answer.body as ApiErrorBody).error;

describe('peer review allocation', () => {
  let server: TestServer;
  let teacher: TestUser;
  let learners: TestUser[];
  let outsider: TestUser;
  let course: TestCourse;
  let emptyTeamId: string;
  let assignmentId: string;
  let rubricId: string;

  beforeAll(async () => {
    server = await startTestServer();
    [teacher, outsider] = await server.createUsers('Teacher', 'Outsider');
    learners = [...(await server.createUsers('Ana', 'Amy', 'Ben', 'Cleo', 'Carl', 'Cat', 'Dan'))];
    const [ana, amy, ben, cleo, carl, cat, dan] = learners;
    course = await createTestCourse(server, teacher, [[ana!, amy!], [ben!], [cleo!, carl!, cat!], [dan!]]);
    // A team with nobody in it has nobody to write its reviews: it takes no part.
    emptyTeamId = await course.addTeam('Team 05', []);
    assignmentId = (await newAssignment('Essay')).id;
    rubricId = (await server.api<RubricResponse>('POST', `/api/groups/${course.courseId}/rubrics`, { as: teacher, body: sampleRubric })).body.rubric.id;
  });
  afterAll(() => server?.close());

  async function newAssignment(title: string, courseId = course.courseId) {
    const made = await server.api<AssignmentResponse>('POST', `/api/groups/${courseId}/assignments`, { as: teacher, body: { title, dueAt: new Date(Date.now() + 7 * day).toISOString() } });
    expect(made.status).toBe(201);
    return made.body.assignment;
  }
  const allocate = (body: unknown, id = assignmentId, as = teacher) => server.api<PeerReviewAllocationResponse>('POST', `/api/assignments/${id}/peer-review/allocation`, { as, body });
  const read = (as = teacher, id = assignmentId) => server.api<PeerReviewAllocationResponse>('GET', `/api/assignments/${id}/peer-review/allocation`, { as });
  const mine = (as: TestUser, id = assignmentId) => server.api<ReviewAssignmentsResponse>('GET', `/api/assignments/${id}/peer-review/mine`, { as });
  const move = (body: unknown, as = teacher) => server.api<PeerReviewAllocationResponse>('PATCH', `/api/assignments/${assignmentId}/peer-review/allocation`, { as, body });
  const taking = () => course.teamIds;
  const reviewersOf = (allocation: PeerReviewAllocation, teamId: string) => allocation.reviews.filter((r) => r.revieweeTeam.id === teamId);

  it('is nothing before the instructor makes it', async () => {
    expect((await read()).body).toEqual({ allocation: null });
    expect((await mine(learners[0]!)).body).toEqual({ review: null });
  });

  it('gives each team K other teams, balanced, with names for the instructor, the same again for the same seed', async () => {
    const made = await allocate({ k: 2, rubricId, seed: 5 });
    expect(made.status).toBe(201);
    const allocation = made.body.allocation!;
    expect(allocation).toMatchObject({ assignmentId, rubricId, k: 2, seed: 5 });
    expect(allocation.reviews).toHaveLength(taking().length * 2);
    for (const teamId of taking()) {
      const team = allocation.teams.find((t) => t.id === teamId)!;
      expect(team).toMatchObject({ reviewing: 2, reviewedBy: 2 });
      const reviewers = reviewersOf(allocation, teamId);
      expect(reviewers.map((r) => r.reviewerIndex).sort()).toEqual([1, 2]);
      expect(reviewers.every((r) => r.reviewerTeam.id !== teamId)).toBe(true);
      expect(new Set(reviewers.map((r) => r.reviewerTeam.id)).size).toBe(2);
    }
    expect(allocation.teams.find((t) => t.id === emptyTeamId)).toMatchObject({ members: [], reviewing: 0, reviewedBy: 0 });
    // The instructor sees who is who: team names and their learners.
    const first = allocation.teams.find((t) => t.id === course.teamIds[0])!;
    expect(first.name).toBe('Team 01');
    expect(first.members.map((m) => m.name)).toEqual(['Amy', 'Ana']);
    expect(allocation.reviews[0]!.reviewerTeam.name).toMatch(/^Team 0\d$/);

    expect((await read()).body.allocation).toEqual(allocation);
    // Made again with the same seed: the same reviews (replacing the first).
    const again = await allocate({ k: 2, rubricId, seed: 5 });
    expect(again.body.allocation!.reviews).toEqual(allocation.reviews);
    const rows = await server.domain.store.db.selectFrom('peer_review_allocations').select('reviewer_team_id').where('assignment_id', '=', assignmentId).execute();
    expect(rows).toHaveLength(taking().length * 2);
  });

  it('refuses what cannot be made, saying why', async () => {
    const tooMany = await allocate({ k: 4, rubricId, seed: 1 });
    expect(tooMany.status).toBe(400);
    expect(errorOf(tooMany).message).toBe('4 teams take part, so each team can be reviewed by at most 3 others (never by itself): ask for 3 or fewer reviews per team.');
    expect(Object.keys(errorOf(tooMany).fields ?? {})).toEqual(['k']);
    expect((await allocate({ k: 0, rubricId })).status).toBe(400);

    const elsewhere = await createTestCourse(server, teacher, [[await server.createUser('Solo')]]);
    const foreignRubric = (await server.api<RubricResponse>('POST', `/api/groups/${elsewhere.courseId}/rubrics`, { as: teacher, body: sampleRubric })).body.rubric.id;
    const wrongRubric = await allocate({ k: 1, rubricId: foreignRubric });
    expect(wrongRubric.status).toBe(400);
    expect(Object.keys(errorOf(wrongRubric).fields ?? {})).toEqual(['rubricId']);

    // One team alone has nobody to review it.
    const lonely = await newAssignment('Alone', elsewhere.courseId);
    const oneTeam = await allocate({ k: 1, rubricId: foreignRubric }, lonely.id);
    expect(oneTeam.status).toBe(409);
    expect(errorOf(oneTeam).message).toContain('at least 2 teams with learners');

    // Nothing changed by the refusals: the allocation made before stands.
    expect((await read()).body.allocation!.k).toBe(2);
  });

  it('shows a learner only what their team is to review: copies as "Submission N" and the rubric, no names', async () => {
    const [ana, , ben] = learners;
    const { body: detail } = await server.api<AssignmentDetailResponse>('GET', `/api/assignments/${assignmentId}`, { as: teacher });
    const copyOf = new Map(detail.teams.map((team) => [team.team.id, team.doc!.id]));
    const submitted = await server.api('POST', `/api/assignments/${assignmentId}/submit`, { as: ben });
    expect(submitted.status).toBe(200);

    const allocation = (await read()).body.allocation!;
    const anaTeam = course.teamIds[0]!;
    const expectedDocs = allocation.reviews.filter((r) => r.reviewerTeam.id === anaTeam).map((r) => copyOf.get(r.revieweeTeam.id)!);

    const { status, body } = await mine(ana!);
    expect(status).toBe(200);
    const review = body.review!;
    expect(review.rubric).toMatchObject({ id: rubricId, title: 'Argument essay', maxPoints: 9.5 });
    expect(review.reviews.map((r) => r.label)).toEqual(['Submission 1', 'Submission 2']);
    expect(review.reviews.map((r) => r.docId).sort()).toEqual(expectedDocs.sort());
    for (const item of review.reviews) {
      expect(item.submittedVersionId).toBe(item.docId === copyOf.get(course.teamIds[1]!) ? submitted.body.submission.versionId : null);
    }
    // No team's name and no other learner's name: not the authors', not the other reviewers'.
    const text = JSON.stringify(body);
    for (const team of allocation.teams) expect(text).not.toContain(team.name);
    for (const learner of learners) expect(text).not.toContain(learner.user.name);
    for (const learner of learners) expect(text).not.toContain(learner.user.id);

    // Another team member sees the same; the instructor and a course member in no team have nothing to review.
    expect((await mine(learners[1]!)).body).toEqual(body);
    expect((await mine(teacher)).body.review!.reviews).toEqual([]);
    // The names are the instructors': a learner cannot read the allocation, someone outside the course finds nothing.
    expect((await read(ana!)).status).toBe(403);
    expect((await read(outsider)).status).toBe(404);
    expect((await mine(outsider)).status).toBe(404);
    expect((await allocate({ k: 1, rubricId }, assignmentId, ana!)).status).toBe(403);
  });

  it('moves one review by hand, keeping its reviewer number, and refuses a team’s own work and a second review', async () => {
    const before = (await read()).body.allocation!;
    const reviewee = course.teamIds[0]!;
    const [moved, stays] = reviewersOf(before, reviewee);
    const to = taking().find((id) => id !== reviewee && !reviewersOf(before, reviewee).some((r) => r.reviewerTeam.id === id))!;

    const answer = await move({ revieweeTeamId: reviewee, fromTeamId: moved!.reviewerTeam.id, toTeamId: to });
    expect(answer.status).toBe(200);
    const after = answer.body.allocation!;
    expect(reviewersOf(after, reviewee).map((r) => [r.reviewerIndex, r.reviewerTeam.id]).sort()).toEqual(
      [
        [moved!.reviewerIndex, to],
        [stays!.reviewerIndex, stays!.reviewerTeam.id],
      ].sort(),
    );
    // The instructor's choice: one team now writes one more review, the other one fewer.
    expect(after.teams.find((t) => t.id === to)!.reviewing).toBe(3);
    expect(after.teams.find((t) => t.id === moved!.reviewerTeam.id)!.reviewing).toBe(1);
    expect(after.reviews).toHaveLength(before.reviews.length);

    const refusals: [Record<string, string>, number, string][] = [
      [{ revieweeTeamId: reviewee, fromTeamId: to, toTeamId: reviewee }, 400, 'toTeamId'],
      [{ revieweeTeamId: reviewee, fromTeamId: to, toTeamId: stays!.reviewerTeam.id }, 409, ''],
      [{ revieweeTeamId: reviewee, fromTeamId: moved!.reviewerTeam.id, toTeamId: to }, 400, 'fromTeamId'],
      [{ revieweeTeamId: reviewee, fromTeamId: to, toTeamId: emptyTeamId }, 400, 'toTeamId'],
    ];
    for (const [body, status, field] of refusals) {
      const refused = await move(body);
      expect(refused.status, JSON.stringify(refused.body)).toBe(status);
      if (field) expect(Object.keys(errorOf(refused).fields ?? {})).toEqual([field]);
    }
    expect((await move({ revieweeTeamId: reviewee, fromTeamId: to, toTeamId: moved!.reviewerTeam.id }, learners[0]!)).status).toBe(403);
    expect((await read()).body.allocation!.reviews).toEqual(after.reviews);

    const none = await newAssignment('Not reviewed');
    const noStage = await server.api('PATCH', `/api/assignments/${none.id}/peer-review/allocation`, { as: teacher, body: { revieweeTeamId: reviewee, fromTeamId: to, toTeamId: stays!.reviewerTeam.id } });
    expect(noStage.status).toBe(409);
  });

  it('keeps the rubric an allocation uses from being deleted', async () => {
    const rubric = await server.api<RubricResponse>('GET', `/api/rubrics/${rubricId}`, { as: teacher });
    expect(rubric.body.rubric.usedBy).toBe(1);
    const refused = await server.api('DELETE', `/api/rubrics/${rubricId}`, { as: teacher });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('“Essay”');
    expect((await server.api('GET', `/api/rubrics/${rubricId}`, { as: teacher })).status).toBe(200);
  });
});
