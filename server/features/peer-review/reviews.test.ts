import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../shared/api-error';
import type { GroupsResponse } from '../../../shared/schemas/groups';
import type { HomeResponse } from '../../../shared/schemas/home';
import type { NotificationsResponse } from '../../../shared/schemas/notification-inbox';
import type { AssignmentReviewsResponse, MyPeerReviewsResponse, PeerReview, PeerReviewResponse } from '../../../shared/schemas/peer-reviews';
import type { PeerReviewRow } from '../../db/schema';
import { connectStockClient, waitFor } from '../../sync/test-clients';
import { testClock } from '../../testing/test-clock';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { storedText } from '../assignments/test-course';
import { commentBody } from '../threads/test-feedback';
import { type ReviewedAssignment, reviewedAssignment } from './test-peer-review';

const day = 86_400_000;
const errorOf = (answer: { body: unknown }) => (answer.body as ApiErrorBody).error;

/**
 * The reviews of an opened stage, through the routes: who reads which, the
 * room's copy read-only with inline feedback, drafts, the one submission,
 * the due time, helpfulness, names as the anonymity says, and rooms kept
 * out of group lists.
 */
describe('peer reviews', () => {
  const clock = testClock();
  let server: TestServer;
  let teacher: TestUser;
  let outsider: TestUser;
  let ana: TestUser;
  let amy: TestUser;
  let ben: TestUser;
  let cleo: TestUser;
  let essay: ReviewedAssignment;
  let rows: PeerReviewRow[];
  const teamOf = new Map<TestUser, number>();
  const submittedText = new Map<string, string>();

  const get = (reviewId: string, as: TestUser) => server.api<PeerReviewResponse>('GET', `/api/peer-reviews/${reviewId}`, { as });
  const save = (reviewId: string, as: TestUser, body: unknown) => server.api<PeerReviewResponse>('PUT', `/api/peer-reviews/${reviewId}`, { as, body });
  const submit = (reviewId: string, as: TestUser) => server.api<PeerReviewResponse>('POST', `/api/peer-reviews/${reviewId}/submit`, { as });
  const rate = (reviewId: string, as: TestUser, body: unknown) => server.api<PeerReviewResponse>('PUT', `/api/peer-reviews/${reviewId}/helpfulness`, { as, body });
  const mine = (as: TestUser) => server.api<MyPeerReviewsResponse>('GET', `/api/assignments/${essay.assignmentId}/peer-review/my-reviews`, { as });
  /** The review `reviewer`'s team writes of `author`'s team's work. */
  const reviewOf = (reviewer: TestUser, author: TestUser) =>
    rows.find((r) => r.reviewer_team_id === essay.teamIds[teamOf.get(reviewer)!] && r.reviewee_team_id === essay.teamIds[teamOf.get(author)!])!;
  const teamName = (learner: TestUser) => `Team 0${teamOf.get(learner)! + 1}`;

  beforeAll(async () => {
    server = await startTestServer({}, { now: clock.now });
    [teacher, outsider, ana, amy, ben, cleo] = await server.createUsers('Teacher', 'Outsider', 'Ana', 'Amy', 'Ben', 'Cleo');
    [ana, amy, ben, cleo].forEach((learner, i) => teamOf.set(learner, [0, 0, 1, 2][i]!));
    // Three teams, each reviewed by one other, both ways anonymous.
    essay = await reviewedAssignment(server, teacher, [[ana, amy], [ben], [cleo]], { k: 1, anonymity: 'both', dueAt: clock.now() + 7 * day });
    for (const [learner, text] of [
      [ana, 'Trains are the future.'],
      [ben, 'Bikes are the future.'],
      [cleo, 'Walking is the future.'],
    ] as const) {
      await essay.submit(learner, text);
      const teamId = essay.teamIds[teamOf.get(learner)!]!;
      submittedText.set(teamId, await storedText(server, essay.copyOf.get(teamId)!));
    }
    expect((await server.api('POST', `/api/assignments/${essay.assignmentId}/peer-review/open`, { as: teacher })).status).toBe(200);
    rows = await server.domain.store.db.selectFrom('peer_reviews').selectAll().where('assignment_id', '=', essay.assignmentId).execute();
    expect(rows).toHaveLength(3);
  });
  afterAll(() => server?.close());

  /** The learner whose team `ana`'s team reviews, and the one whose team reviews `ana`'s. */
  const reviewedByAna = () => [ben, cleo].find((l) => rows.some((r) => r.reviewer_team_id === essay.teamIds[0] && r.reviewee_team_id === essay.teamIds[teamOf.get(l)!]))!;
  const reviewerOfAna = () => [ben, cleo].find((l) => rows.some((r) => r.reviewee_team_id === essay.teamIds[0] && r.reviewer_team_id === essay.teamIds[teamOf.get(l)!]))!;

  it('lets a team read only the reviews given to it, the reviewed team only once submitted, without the names anonymity hides', async () => {
    const author = reviewedByAna();
    const writing = reviewOf(ana, author);
    const read = await get(writing.id, ana);
    expect(read.status).toBe(200);
    const review = read.body.review;
    expect(review).toMatchObject({
      viewer: 'reviewer',
      assignmentTitle: 'Essay',
      reviewerLabel: `Reviewer ${writing.reviewer_index}`,
      submissionLabel: `Submission ${writing.submission_index}`,
      reviewerTeam: { id: essay.teamIds[0], name: 'Team 01' },
      revieweeTeam: null,
      anonymity: 'both',
      docId: writing.doc_id,
      roomId: writing.room_id,
      status: 'draft',
      score: null,
      can: { write: true, rateHelpfulness: false },
    });
    expect(JSON.stringify(read.body)).not.toContain(teamName(author));
    expect((await get(writing.id, amy)).body.review.viewer).toBe('reviewer');

    // The review of Ana's team's work, still a draft: not hers to see; nor the review between the other two teams.
    const received = reviewOf(reviewerOfAna(), ana);
    expect((await get(received.id, ana)).status).toBe(404);
    const others = rows.find((r) => r.reviewer_team_id !== essay.teamIds[0] && r.reviewee_team_id !== essay.teamIds[0])!;
    expect((await get(others.id, ana)).status).toBe(404);
    expect((await get(writing.id, outsider)).status).toBe(404);
    expect((await get(writing.id, author)).status).toBe(404);

    const instructor = (await get(writing.id, teacher)).body.review;
    expect(instructor).toMatchObject({ viewer: 'instructor', reviewerTeam: { name: 'Team 01' }, revieweeTeam: { name: teamName(author) }, can: { write: false } });

    const my = (await mine(ana)).body.reviews!;
    expect(my.writing.map((r) => r.id)).toEqual([writing.id]);
    expect(my.writing[0]).toMatchObject({ revieweeTeam: null, submissionLabel: `Submission ${writing.submission_index}`, maxPoints: 9.5 });
    expect(my.received).toEqual([]);
  });

  it('gives the room a copy of the submitted version that reviewers read and comment on but never change', async () => {
    const author = reviewedByAna();
    const writing = reviewOf(ana, author);
    expect(await storedText(server, writing.doc_id)).toBe(submittedText.get(writing.reviewee_team_id));

    const reviewer = connectStockClient(server.url, writing.doc_id, ana);
    const watcher = connectStockClient(server.url, writing.doc_id, teacher);
    try {
      await Promise.all([reviewer.synced, watcher.synced]);
      reviewer.doc.getText('t').insert(0, 'HACKED');
      // Then an awareness change on the same socket: once the watcher sees it, the server has handled the edit before it.
      reviewer.provider.awareness.setLocalStateField('marker', 1);
      await waitFor('the watcher sees the reviewer’s marker', () => watcher.provider.awareness.getStates().get(reviewer.doc.clientID)?.marker === 1);
    } finally {
      reviewer.destroy();
      watcher.destroy();
    }
    const written = await server.domain.store.db.selectFrom('doc_updates').select('user_id').where('doc_id', '=', writing.doc_id).execute();
    expect(written.some((row) => row.user_id === ana.user.id)).toBe(false);
    expect(await storedText(server, writing.doc_id)).toBe(submittedText.get(writing.reviewee_team_id));

    // Inline feedback is theirs to give.
    const thread = await server.api('POST', `/api/docs/${writing.doc_id}/threads`, { as: ana, body: commentBody({ body: 'Where is the evidence?' }) });
    expect(thread.status, JSON.stringify(thread.body)).toBe(201);
  });

  it('saves drafts whole, refuses answers the rubric does not have, and submits once, complete', async () => {
    const author = reviewedByAna();
    const { id } = reviewOf(ana, author);
    const draft = await save(id, ana, { answers: [{ level: 2, comment: 'A clear claim.' }, { level: null, comment: '' }], overallComment: 'Promising.' });
    expect(draft.status).toBe(200);
    expect(draft.body.review).toMatchObject({ answers: [{ level: 2, comment: 'A clear claim.' }, { level: null, comment: '' }], overallComment: 'Promising.', score: null, status: 'draft' });

    const short = await save(id, ana, { answers: [{ level: 0, comment: '' }], overallComment: '' });
    expect(short.status).toBe(400);
    expect(errorOf(short).message).toContain('This rubric has 2 criteria');
    const noSuchLevel = await save(id, ana, { answers: [{ level: 0, comment: '' }, { level: 2, comment: '' }], overallComment: '' });
    expect(noSuchLevel.status).toBe(400);
    expect(errorOf(noSuchLevel).message).toContain('“Evidence” has 2 levels');
    expect(Object.keys(errorOf(noSuchLevel).fields ?? {})).toEqual(['answers.1.level']);
    // Only the reviewing team writes: the instructor is refused, the reviewed team does not see it yet.
    expect((await save(id, teacher, { answers: [{ level: 0, comment: '' }, { level: 0, comment: '' }], overallComment: '' })).status).toBe(403);
    expect((await save(id, author, { answers: [{ level: 0, comment: '' }, { level: 0, comment: '' }], overallComment: '' })).status).toBe(404);

    const incomplete = await submit(id, ana);
    expect(incomplete.status).toBe(400);
    expect(errorOf(incomplete).message).toBe('Choose a level for every criterion before submitting: “Evidence” has none.');
    expect(errorOf(incomplete).fields).toEqual({ 'answers.1.level': 'Choose a level.' });

    await save(id, amy, { answers: [{ level: 2, comment: 'A clear claim.' }, { level: 1, comment: 'Well sourced.' }], overallComment: 'Convincing.' });
    const submitted = await submit(id, ana);
    expect(submitted.status).toBe(200);
    expect(submitted.body.review).toMatchObject({ status: 'submitted', score: 9.5, can: { write: false } });
    expect(submitted.body.review.submittedAt).not.toBeNull();

    const again = await submit(id, amy);
    expect(again.status).toBe(409);
    expect(errorOf(again).message).toBe('This review was submitted: it no longer changes.');
    expect((await save(id, ana, { answers: [{ level: 0, comment: '' }, { level: 0, comment: '' }], overallComment: 'Changed my mind.' })).status).toBe(409);
    expect((await get(id, ana)).body.review.overallComment).toBe('Convincing.');
  });

  it('shows a submitted review to the reviewed team, who joins the room under an alias and rates its helpfulness; the reviewers see the rating', async () => {
    const author = reviewedByAna();
    const review = reviewOf(ana, author);
    const read = await get(review.id, author);
    expect(read.status).toBe(200);
    expect(read.body.review).toMatchObject({
      viewer: 'author',
      reviewerTeam: null,
      revieweeTeam: { id: review.reviewee_team_id, name: teamName(author) },
      reviewerLabel: `Reviewer ${review.reviewer_index}`,
      can: { write: false, rateHelpfulness: true },
    });
    expect(JSON.stringify(read.body)).not.toContain('Team 01');
    const membership = await server.domain.store.db
      .selectFrom('memberships')
      .select(['role', 'alias'])
      .where('group_id', '=', review.room_id)
      .where('user_id', '=', author.user.id)
      .executeTakeFirstOrThrow();
    expect(membership).toEqual({ role: 'reviewer', alias: `Author of submission ${review.submission_index}` });

    // The reviewers do not rate their own review; nor does anyone on a draft.
    expect((await rate(review.id, ana, { rating: 5 })).status).toBe(403);
    const draft = reviewOf(reviewerOfAna(), ana);
    expect((await rate(draft.id, ana, { rating: 5 })).status).toBe(404);
    expect((await rate(review.id, author, { rating: 6 })).status).toBe(400);

    const rated = await rate(review.id, author, { rating: 4, note: 'The evidence point helped.' });
    expect(rated.status).toBe(200);
    expect(rated.body.review.helpfulness).toEqual({ rating: 4, note: 'The evidence point helped.', ratedAt: expect.any(Number) });
    const replaced = await rate(review.id, author, { rating: 2 });
    expect(replaced.body.review.helpfulness).toMatchObject({ rating: 2, note: null });

    expect((await get(review.id, ana)).body.review.helpfulness).toMatchObject({ rating: 2 });
    expect((await mine(ana)).body.reviews!.writing[0]!.helpfulness).toMatchObject({ rating: 2 });
    const received = (await mine(author)).body.reviews!.received;
    expect(received).toEqual([expect.objectContaining({ id: review.id, reviewerTeam: null, status: 'submitted', score: 9.5, helpfulness: expect.objectContaining({ rating: 2 }) })]);
  });

  it('tells each side in its inbox, once, linking to the review and naming only the labels: a review to write, a review received, how helpful it was found', async () => {
    const inbox = async (as: TestUser) => (await server.api<NotificationsResponse>('GET', '/api/notifications', { as })).body.items;
    const author = reviewedByAna();
    const review = reviewOf(ana, author);
    const noticesOf = async (as: TestUser) => (await inbox(as)).filter((item) => item.link === `/reviews/${review.id}`).map((item) => item.text).sort();
    // Ana's team wrote it: told when it was made, and of the first rating (the second replaced it, without a second notice).
    const ofAna = await noticesOf(ana);
    expect(ofAna).toEqual([
      `Your team has a peer review to write in “Essay”: Submission ${review.submission_index}.`,
      `Your team’s review of Submission ${review.submission_index} in “Essay” was found 4 of 5 helpful.`,
    ]);
    expect(await noticesOf(amy)).toEqual(ofAna);
    // The reviewed team: told when it was submitted.
    expect(await noticesOf(author)).toEqual([`Your team’s work in “Essay” was reviewed by Reviewer ${review.reviewer_index}.`]);
    expect(await noticesOf(teacher)).toEqual([]);
    const texts = JSON.stringify([...(await inbox(ana)), ...(await inbox(author))]);
    for (const name of ['Ana', 'Amy', 'Ben', 'Cleo', 'Team 0']) expect(texts).not.toContain(`${name} `);
  });

  it('lists every review with names, status, score and helpfulness for the instructors only', async () => {
    const list = await server.api<AssignmentReviewsResponse>('GET', `/api/assignments/${essay.assignmentId}/peer-review/reviews`, { as: teacher });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ anonymity: 'both', openedAt: expect.any(Number) });
    expect(list.body.reviews).toHaveLength(3);
    const done = list.body.reviews.find((r) => r.status === 'submitted')!;
    expect(done).toMatchObject({ reviewerTeam: { name: 'Team 01' }, revieweeTeam: { name: teamName(reviewedByAna()) }, score: 9.5, maxPoints: 9.5, helpfulness: { rating: 2 } });
    expect((await server.api('GET', `/api/assignments/${essay.assignmentId}/peer-review/reviews`, { as: ana })).status).toBe(403);
    expect((await server.api('GET', `/api/assignments/${essay.assignmentId}/peer-review/reviews`, { as: outsider })).status).toBe(404);
  });

  it('keeps rooms out of the group lists and the home page', async () => {
    const roomIds = new Set(rows.map((r) => r.room_id));
    for (const user of [ana, reviewedByAna(), teacher]) {
      const groups = await server.api<GroupsResponse>('GET', '/api/groups', { as: user });
      expect(groups.status).toBe(200);
      expect(groups.body.groups.length).toBeGreaterThan(0);
      expect(groups.body.groups.filter((group) => roomIds.has(group.id))).toEqual([]);
      const home = await server.api<HomeResponse>('GET', '/api/home', { as: user });
      expect(home.body.groups.length).toBeGreaterThan(0);
      expect(home.body.groups.filter((item) => roomIds.has(item.id))).toEqual([]);
    }
    // Listing them would show them: each of these users is in a room.
    for (const user of [ana, reviewedByAna(), teacher]) {
      const inRoom = await server.domain.store.db.selectFrom('memberships').select('group_id').where('user_id', '=', user.user.id).where('group_id', 'in', [...roomIds]).execute();
      expect(inRoom.length).toBeGreaterThan(0);
    }
    // Yet the room's document opens for its reviewers.
    expect((await server.api('GET', `/api/docs/${reviewOf(ana, reviewedByAna()).doc_id}`, { as: ana })).status).toBe(200);
  });

  it('lets a learner placed in the team after the opening into its rooms when they read the review, and takes one who leaves the course out of them', async () => {
    const { db } = server.domain.store;
    const writing = reviewOf(ana, reviewedByAna());
    const dee = await server.createUser('Dee');
    await db.insertInto('memberships').values({ group_id: essay.courseId, user_id: dee.user.id, role: 'member', created_at: Date.now(), inherited_from: null }).execute();
    await server.domain.teams.placeLearner(essay.courseId, essay.teamIds[0]!, dee.user.id, teacher.user.id);
    expect((await get(writing.id, dee)).body.review.viewer).toBe('reviewer');
    expect((await server.api('GET', `/api/docs/${writing.doc_id}`, { as: dee })).status).toBe(200);
    const joined = await db.selectFrom('memberships').select(['role', 'alias']).where('group_id', '=', writing.room_id).where('user_id', '=', dee.user.id).executeTakeFirstOrThrow();
    expect(joined).toEqual({ role: 'reviewer', alias: `Reviewer ${writing.reviewer_index}` });

    await server.domain.groups.remove(essay.courseId, amy.user.id, teacher.user.id);
    expect((await server.api('GET', `/api/docs/${writing.doc_id}`, { as: amy })).status).toBe(404);
    expect((await get(writing.id, amy)).status).toBe(404);
  });

  it('closes writing at the due time: no draft saved, nothing submitted after it', async () => {
    const late = reviewOf(reviewerOfAna(), ana);
    const writer = reviewerOfAna();
    clock.advance(7 * day);
    const read = (await get(late.id, writer)).body.review as PeerReview;
    expect(read.can.write).toBe(false);
    const saved = await save(late.id, writer, { answers: [{ level: 0, comment: '' }, { level: 0, comment: '' }], overallComment: '' });
    expect(saved.status).toBe(409);
    expect(errorOf(saved).message).toContain('Reviews were due on');
    expect((await submit(late.id, writer)).status).toBe(409);
  });
});
