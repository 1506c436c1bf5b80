import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoresResponse, SendScoreResponse } from '../../../shared/schemas/lti';
import { seedClass, type SeededClass } from '../assignments/test-class';
import { startTestLtiPlatform, type TestLtiPlatform } from '../../testing/test-lti-platform';
import { placeInTestLms, TestPlatformServices } from '../../testing/test-platform-services';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';

/**
 * Scores sent from the class view to a test LMS's gradebook (Assignment and
 * Grade), over real sockets: the assignment's resource link gets a line
 * item, and each learner of the team gets the score under their LMS id,
 * with their team's progress; learners the LMS does not know are reported,
 * and a platform that refuses the tool changes nothing.
 */
let platform: TestLtiPlatform;
let server: TestServer;
const services = new TestPlatformServices();
let ivy: TestUser;
let ada: TestUser;
let ben: TestUser;
let cy: TestUser;
let seeded: SeededClass;
const contextId = 'course-grades';

beforeAll(async () => {
  platform = await startTestLtiPlatform({ routes: services.routes });
  server = await startTestServer({ LTI_PLATFORMS: JSON.stringify([platform.config]) });
  services.toolJwksUrl = `${server.url}/lti/jwks`;
  [ivy, ada, ben, cy] = await server.createUsers('Ivy', 'Ada', 'Ben', 'Cy');
  seeded = await seedClass(server.domain.store.db, {
    instructorId: ivy.user.id,
    teams: [
      { name: 'A team', memberIds: [ada.user.id, ben.user.id] },
      { name: 'B team', memberIds: [cy.user.id] },
    ],
    dueAt: Date.now() + 24 * 60 * 60 * 1000,
  });
  // As launches left them: the LMS course with its grade service, the assignment's link, and Ada and Ben known by their LMS ids (Cy never came from the LMS).
  await placeInTestLms(server.domain.store.db, platform, {
    contextId,
    courseId: seeded.courseId,
    assignmentId: seeded.assignmentId,
    resourceLinkId: 'link-essay',
    learners: [
      { userId: ada.user.id, subject: 'lms-ada' },
      { userId: ben.user.id, subject: 'lms-ben' },
    ],
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await platform?.close();
});

const path = () => `/api/assignments/${seeded.assignmentId}/lti/scores`;
const send = (body: object, as: TestUser = ivy) => server.api('POST', path(), { as, body });
const teamA = () => seeded.teams[0]!.id;

describe('scores sent to the LMS gradebook', () => {
  it('reports a platform that refuses the tool a token, and stores and sends nothing', async () => {
    services.refuseTokens = 'invalid_client';
    const refused = await send({ teamId: teamA(), scoreGiven: 8, scoreMaximum: 10 });
    services.refuseTokens = null;
    expect(refused.status).toBe(503);
    expect(refused.body.error.message).toMatch(/LMS refused the request for an access token/);
    expect(services.lineItems).toEqual([]);
    expect(services.scores).toEqual([]);
    expect((await server.api<ScoresResponse>('GET', path(), { as: ivy })).body).toEqual({ lms: true, scores: [] });
  });

  it('makes the assignment’s line item and posts the team’s score for each of its learners', async () => {
    expect((await server.api('POST', `/api/assignments/${seeded.assignmentId}/submit`, { as: ada })).status).toBe(200);
    const sent = await send({ teamId: teamA(), scoreGiven: 8, scoreMaximum: 10 });
    expect(sent.status).toBe(200);
    expect((sent.body as SendScoreResponse).results.map((r) => [r.user.name, r.outcome])).toEqual([
      ['Ada', 'sent'],
      ['Ben', 'sent'],
    ]);
    expect(services.lineItems).toEqual([
      expect.objectContaining({ contextId, body: { scoreMaximum: 10, label: 'Essay', resourceLinkId: 'link-essay', resourceId: seeded.assignmentId, tag: 'commonplace' } }),
    ]);
    const lineItem = services.lineItems[0]!.id;
    expect(services.scores.map((s) => s.body.userId)).toEqual(['lms-ada', 'lms-ben']);
    for (const score of services.scores) {
      expect(score.lineItem).toBe(lineItem);
      expect(score.contentType).toBe('application/vnd.ims.lis.v1.score+json');
      expect(score.body).toMatchObject({ scoreGiven: 8, scoreMaximum: 10, activityProgress: 'Submitted', gradingProgress: 'FullyGraded' });
      expect(Date.parse(score.body.timestamp as string)).toBeGreaterThan(0);
    }

    // A changed score goes to the same line item.
    await send({ userId: ben.user.id, scoreGiven: 9, scoreMaximum: 10 });
    expect(services.lineItems).toHaveLength(1);
    expect(services.scores.at(-1)).toMatchObject({ lineItem, body: { userId: 'lms-ben', scoreGiven: 9 } });
  });

  it('lists a learner the LMS does not know as not sent, and keeps every score with what became of it', async () => {
    const before = services.scores.length;
    const sent = await send({ teamId: seeded.teams[1]!.id, scoreGiven: 5, scoreMaximum: 10 });
    expect(sent.body.results).toEqual([expect.objectContaining({ user: expect.objectContaining({ id: cy.user.id }), outcome: 'no-lms-account' })]);
    expect(services.scores).toHaveLength(before);

    const stored = await server.api<ScoresResponse>('GET', path(), { as: ivy });
    const byUser = new Map(stored.body.scores.map((s) => [s.userId, s]));
    expect(byUser.get(ada.user.id)).toMatchObject({ scoreGiven: 8, error: null, sentAt: expect.any(Number) });
    expect(byUser.get(ben.user.id)).toMatchObject({ scoreGiven: 9, error: null });
    expect(byUser.get(cy.user.id)).toMatchObject({ scoreGiven: 5, sentAt: null, error: expect.stringMatching(/no account in the LMS/) });
  });

  it('is for the course’s instructors: a learner is refused, anyone else finds nothing', async () => {
    expect((await send({ teamId: teamA(), scoreGiven: 10, scoreMaximum: 10 }, ada)).status).toBe(403);
    const [stranger] = await server.createUsers('Stranger');
    expect((await send({ teamId: teamA(), scoreGiven: 10, scoreMaximum: 10 }, stranger)).status).toBe(404);
    expect((await server.api('GET', path(), { as: ada })).status).toBe(403);
    expect((await send({ teamId: teamA(), userId: ada.user.id, scoreGiven: 1, scoreMaximum: 10 })).status).toBe(400);
  });
});
