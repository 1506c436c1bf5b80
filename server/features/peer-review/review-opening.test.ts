import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../shared/api-error';
import type { ReviewAssignmentsResponse } from '../../../shared/schemas/peer-review';
import type { AssignmentReviewsResponse } from '../../../shared/schemas/peer-reviews';
import { testClock } from '../../testing/test-clock';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { storedText, writeAs } from '../assignments/test-course';
import { ReviewOpening } from './review-opening';
import { type ReviewedAssignment, reviewedAssignment } from './test-peer-review';

const day = 86_400_000;
const errorOf = (answer: { body: unknown }) => (answer.body as ApiErrorBody).error;

/**
 * Opening a peer review stage: each allocation whose reviewed team has
 * submitted becomes a review with its room, a copy of the submitted
 * version; once only, whoever opens it and however often; a team
 * submitting later gets its reviews then; at its opening time it opens
 * by itself.
 */
describe('opening a peer review', () => {
  const clock = testClock();
  let server: TestServer;
  let teacher: TestUser;
  let learners: TestUser[];
  let essay: ReviewedAssignment;
  const submittedText = new Map<string, string>();

  const reviewRows = (assignmentId = essay.assignmentId) => server.domain.store.db.selectFrom('peer_reviews').selectAll().where('assignment_id', '=', assignmentId).execute();
  const open = (as = teacher, assignmentId = essay.assignmentId) => server.api<AssignmentReviewsResponse>('POST', `/api/assignments/${assignmentId}/peer-review/open`, { as });

  beforeAll(async () => {
    server = await startTestServer({}, { now: clock.now });
    teacher = await server.createUser('Teacher');
    learners = [...(await server.createUsers('Ana', 'Amy', 'Ben', 'Cleo'))];
    const [ana, amy, ben, cleo] = learners;
    essay = await reviewedAssignment(server, teacher, [[ana!, amy!], [ben!], [cleo!]], { k: 2, anonymity: 'reviewers', dueAt: clock.now() + 7 * day });
    for (const [learner, text] of [
      [ana!, 'Team one argues for trains.'],
      [ben!, 'Team two argues for bikes.'],
    ] as const) {
      await essay.submit(learner, text);
      const teamId = essay.teamIds[learner === ana ? 0 : 1]!;
      submittedText.set(teamId, await storedText(server, essay.copyOf.get(teamId)!));
      // Written after submitting: not in what the reviewers get.
      await writeAs(server, essay.copyOf.get(teamId)!, learner, 'Written after submitting.');
    }
  });
  afterAll(() => server?.close());

  it('is an instructor’s to open: a learner is refused, nothing is made before', async () => {
    expect((await open(learners[0]!)).status).toBe(403);
    expect(await reviewRows()).toEqual([]);
  });

  it('gives each submitted copy’s reviewers a room holding a copy of the submitted version, with names for the instructor', async () => {
    const before = clock.now();
    const opened = await open();
    expect(opened.status).toBe(200);
    expect(opened.body.openedAt).toBeGreaterThanOrEqual(before);
    expect(opened.body.openedAt).toBeLessThanOrEqual(clock.now());
    // Teams one and two submitted, each reviewed by 2 teams; team three has nothing to review yet.
    expect(opened.body.reviews).toHaveLength(4);
    expect(new Set(opened.body.reviews.map((r) => r.revieweeTeam.id))).toEqual(new Set(essay.teamIds.slice(0, 2)));
    expect(opened.body.reviews.every((r) => r.status === 'draft' && r.score === null && r.maxPoints === 9.5)).toBe(true);

    const { db } = server.domain.store;
    for (const review of await reviewRows()) {
      const room = await db.selectFrom('groups').selectAll().where('id', '=', review.room_id).executeTakeFirstOrThrow();
      expect(room).toMatchObject({ name: 'Peer review: Essay', parent_id: null });
      expect(JSON.parse(review.answers)).toEqual([
        { level: null, comment: '' },
        { level: null, comment: '' },
      ]);
      // The copy is the submitted version, not the team's copy as it is now.
      const text = await storedText(server, review.doc_id);
      expect(text).toBe(submittedText.get(review.reviewee_team_id));
      expect(text).not.toContain('Written after submitting.');
      const members = await db.selectFrom('memberships').select(['user_id', 'role', 'alias', 'inherited_from']).where('group_id', '=', review.room_id).orderBy('role').execute();
      const reviewerLearners = await db.selectFrom('memberships').select('user_id').where('group_id', '=', review.reviewer_team_id).where('role', '=', 'member').execute();
      expect(members.filter((m) => m.role === 'reviewer').map((m) => m.user_id).sort()).toEqual(reviewerLearners.map((m) => m.user_id).sort());
      expect(members.filter((m) => m.role === 'reviewer').every((m) => m.alias === `Reviewer ${review.reviewer_index}` && m.inherited_from === null)).toBe(true);
      expect(members.filter((m) => m.role === 'instructor')).toEqual([{ user_id: teacher.user.id, role: 'instructor', alias: null, inherited_from: essay.courseId }]);
      // The reviewed team joins only once the review is submitted.
      expect(members).toHaveLength(reviewerLearners.length + 1);
    }
  });

  it('numbers each reviewing team’s reviews as its "Submission N" labels do', async () => {
    const cleo = learners[3]!;
    const mine = (await server.api<ReviewAssignmentsResponse>('GET', `/api/assignments/${essay.assignmentId}/peer-review/mine`, { as: cleo })).body.review!;
    const rows = (await reviewRows()).filter((r) => r.reviewer_team_id === essay.teamIds[2]);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const label = mine.reviews.find((r) => r.docId === essay.copyOf.get(row.reviewee_team_id))!.label;
      expect(label).toBe(`Submission ${row.submission_index}`);
    }
  });

  it('makes nothing twice: opening again, by the schedule too, changes nothing', async () => {
    const before = await reviewRows();
    expect((await open()).status).toBe(200);
    expect(await server.domain.peerReviews.open(teacher.user.id, essay.assignmentId)).toMatchObject({ reviews: expect.any(Array) });
    await server.domain.reviewOpening.runDue(clock.now());
    expect(await reviewRows()).toEqual(before);
  });

  it('no longer changes who reviews whom once opened', async () => {
    const remake = await server.api('POST', `/api/assignments/${essay.assignmentId}/peer-review/allocation`, { as: teacher, body: { k: 1, rubricId: essay.rubricId } });
    expect(remake.status).toBe(409);
    expect(errorOf(remake).message).toContain('who reviews whom no longer changes');
    const [row] = await reviewRows();
    const other = essay.teamIds.find((id) => id !== row!.reviewee_team_id && id !== row!.reviewer_team_id)!;
    const moved = await server.api('PATCH', `/api/assignments/${essay.assignmentId}/peer-review/allocation`, {
      as: teacher,
      body: { revieweeTeamId: row!.reviewee_team_id, fromTeamId: row!.reviewer_team_id, toTeamId: other },
    });
    expect(moved.status).toBe(409);
    const anonymity = await server.api('PATCH', `/api/assignments/${essay.assignmentId}/peer-review/stage`, { as: teacher, body: { anonymity: 'both' } });
    expect(anonymity.status).toBe(409);
    // Nor does the rubric its reviews are answered against.
    const rubric = await server.api('PATCH', `/api/rubrics/${essay.rubricId}`, { as: teacher, body: { title: 'Renamed' } });
    expect(rubric.status).toBe(409);
    expect(errorOf(rubric).message).toContain('“Essay” has opened');
    // The due time may still move.
    const due = await server.api('PATCH', `/api/assignments/${essay.assignmentId}/peer-review/stage`, { as: teacher, body: { dueAt: clock.now() + 8 * day } });
    expect(due.status).toBe(200);
  });

  it('gives a team submitting after the opening its reviews at its submission', async () => {
    const before = (await reviewRows()).length;
    const versionId = await essay.submit(learners[3]!, 'Team three argues for walking.');
    const late = (await reviewRows()).filter((r) => r.reviewee_team_id === essay.teamIds[2]);
    expect(late).toHaveLength(2);
    expect(late.every((r) => r.version_id === versionId)).toBe(true);
    expect((await reviewRows()).length).toBe(before + 2);
    expect(await storedText(server, late[0]!.doc_id)).toContain('Team three argues for walking.');
    // Submitting again does not change the reviews made of the first submission.
    await essay.submit(learners[3]!, 'A second go.');
    expect((await reviewRows()).filter((r) => r.reviewee_team_id === essay.teamIds[2])).toEqual(late);
  });

  it('opens by itself at its opening time, once, naming everyone when the stage says so', async () => {
    const [ana, amy, ben, cleo] = learners;
    // Run by hand with the test's clock: the minute's timer stops, so that it does not take the run first.
    await server.domain.reviewOpening.stop();
    const later = await reviewedAssignment(server, teacher, [[ana!, amy!], [ben!], [cleo!]], { k: 1, anonymity: 'none', opensAt: clock.now() + day, title: 'Later' });
    await later.submit(ana!, 'Submitted before the opening.');
    await server.domain.reviewOpening.runDue(clock.now());
    expect(await reviewRows(later.assignmentId)).toEqual([]);

    clock.advance(day + 60_000);
    // Two instances at the same minute: one claims the run and opens it.
    const another = new ReviewOpening(server.domain.store.db, server.domain.accessEvents, server.domain.logger, clock.now);
    expect((await Promise.all([server.domain.reviewOpening.runDue(clock.now()), another.runDue(clock.now())])).sort()).toEqual([0, 1]);
    const rows = await reviewRows(later.assignmentId);
    expect(rows).toHaveLength(1);
    const stage = await server.domain.store.db.selectFrom('peer_review_stages').select('opened_at').where('assignment_id', '=', later.assignmentId).executeTakeFirstOrThrow();
    expect(stage.opened_at).not.toBeNull();
    // Everyone is named: no alias in the room.
    const aliases = await server.domain.store.db.selectFrom('memberships').select('alias').where('group_id', '=', rows[0]!.room_id).execute();
    expect(aliases.every((row) => row.alias === null)).toBe(true);
    // The same minute again, or another instance: nothing more.
    expect(await server.domain.reviewOpening.runDue(clock.now())).toBe(0);
    expect(await reviewRows(later.assignmentId)).toEqual(rows);
  });
});
