import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoresResponse } from '../../../shared/schemas/lti';
import type { ApplyGradesResponse } from '../../../shared/schemas/teammate-evaluation';

type Applied = ApplyGradesResponse['grades'][number];
import { startTestLtiPlatform, type TestLtiPlatform } from '../../testing/test-lti-platform';
import { placeInTestLms, TestPlatformServices } from '../../testing/test-platform-services';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { type SeededClass, seedClass } from '../assignments/test-class';
import { all } from './test-evaluation';
import { csvLines } from '../../testing/csv-rows';

/**
 * Team grades adjusted by the teammate evaluation and sent to a test LMS's
 * gradebook over real sockets: only after release; each member gets the
 * team grade times their factor, capped at the maximum, with exact numbers
 * for scripted ratings; a team of one and an unrated member keep the team
 * grade; a member who left gets none of it; a platform that refuses the
 * tool changes nothing; the grades show in the summary and the CSV.
 */
const day = 24 * 60 * 60 * 1000;
let platform: TestLtiPlatform;
let server: TestServer;
const services = new TestPlatformServices();
let seeded: SeededClass;
let ivy: TestUser, ada: TestUser, ben: TestUser, cy: TestUser, eve: TestUser, dee: TestUser, fay: TestUser, gus: TestUser;
const contextId = 'course-teammate-grades';

const path = (suffix = '') => `/api/assignments/${seeded.assignmentId}/teammate-evaluation${suffix}`;
const team = (name: string) => seeded.teams.find((t) => t.name === name)!.id;
const ratingsBody = (...ratings: [TestUser, number][]) => ({ ratings: ratings.map(([ratee, n]) => ({ rateeId: ratee.user.id, scores: all(n) })) });
const put = async (as: TestUser, body: object) => expect((await server.api('PUT', path(), { as, body })).status).toBe(200);
const apply = (body: object, as: TestUser = ivy) => server.api('POST', path('/grades'), { as, body });
const storedGrades = async () => (await server.domain.store.db.selectFrom('teammate_grades').selectAll().execute()).length;

beforeAll(async () => {
  platform = await startTestLtiPlatform({ routes: services.routes });
  server = await startTestServer({ LTI_PLATFORMS: JSON.stringify([platform.config]) });
  services.toolJwksUrl = `${server.url}/lti/jwks`;
  [ivy, ada, ben, cy, eve, dee, fay, gus] = await server.createUsers('Ivy', 'Ada', 'Ben', 'Cy', 'Eve', 'Dee', 'Fay', 'Gus');
  seeded = await seedClass(server.domain.store.db, {
    instructorId: ivy.user.id,
    teams: [
      { name: 'A team', memberIds: [ada, ben, cy, eve].map((u) => u.user.id) },
      { name: 'B team', memberIds: [dee.user.id] },
      { name: 'C team', memberIds: [fay, gus].map((u) => u.user.id) },
    ],
    dueAt: Date.now() + day,
  });
  // Everyone but Dee came from the LMS.
  await placeInTestLms(server.domain.store.db, platform, {
    contextId,
    courseId: seeded.courseId,
    assignmentId: seeded.assignmentId,
    resourceLinkId: 'link-project',
    learners: [ada, ben, cy, eve, fay, gus].map((user) => ({ userId: user.user.id, subject: `lms-${user.user.name}` })),
  });

  // Each team submits, which opens its evaluation.
  for (const learner of [ada, dee, gus]) expect((await server.api('POST', `/api/assignments/${seeded.assignmentId}/submit`, { as: learner })).status).toBe(200);
  // Eve rates her team of four, then leaves it: her ratings stop counting.
  await put(eve, ratingsBody([ada, 1], [ben, 1], [cy, 5], [eve, 5]));
  await server.domain.teams.takeOut(seeded.courseId, team('A team'), eve.user.id, ivy.user.id);
  // By others: Ada (5 + 4) / 2 = 4.5, Ben (4 + 4) / 2 = 4, Cy (2 + 2) / 2 = 2; the team's average 3.5.
  await put(ada, ratingsBody([ada, 4], [ben, 4], [cy, 2]));
  await put(ben, ratingsBody([ada, 5], [ben, 4], [cy, 2]));
  await put(cy, ratingsBody([ada, 4], [ben, 4], [cy, 5]));
  await put(dee, ratingsBody([dee, 3]));
  // Fay sends nothing: Gus rates her 3 and nobody rates Gus.
  await put(gus, ratingsBody([fay, 3], [gus, 4]));
}, 60_000);

afterAll(async () => {
  await server?.close();
  await platform?.close();
});

const grades = (scoreMaximum: number, a: number, b: number, c: number) => ({
  scoreMaximum,
  teams: [
    { teamId: team('A team'), teamGrade: a },
    { teamId: team('B team'), teamGrade: b },
    { teamId: team('C team'), teamGrade: c },
  ],
});

describe('team grades adjusted by the teammate evaluation', () => {
  it('waits for the release, is for the course’s instructors, and refuses a team not in the course or a grade over the maximum', async () => {
    const early = await apply(grades(100, 90, 70, 60));
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/Release the teammate evaluation first/);
    expect((await server.api('POST', path('/release'), { as: ivy })).status).toBe(200);

    expect((await apply(grades(100, 90, 70, 60), ada)).status).toBe(403);
    const [stranger] = await server.createUsers('Stranger');
    expect((await apply(grades(100, 90, 70, 60), stranger)).status).toBe(404);
    const unknown = await apply({ scoreMaximum: 100, teams: [{ teamId: seeded.courseId, teamGrade: 50 }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual({ 'teams.0.teamId': 'No such team in this assignment’s course.' });
    const over = await apply({ scoreMaximum: 10, teams: [{ teamId: team('A team'), teamGrade: 11 }] });
    expect(over.status).toBe(400);
    expect((await apply({ scoreMaximum: 10, teams: [{ teamId: team('A team'), teamGrade: 5 }, { teamId: team('A team'), teamGrade: 6 }] })).status).toBe(400);
    expect(await storedGrades()).toBe(0);
    expect(services.scores).toEqual([]);
  });

  it('stores and sends nothing when the LMS refuses the tool', async () => {
    services.refuseTokens = 'invalid_client';
    const refused = await apply(grades(100, 90, 70, 60));
    services.refuseTokens = null;
    expect(refused.status).toBe(503);
    expect(await storedGrades()).toBe(0);
    expect(services.scores).toEqual([]);
  });

  it('gives each member the team grade times their factor, capped, and sends each to the LMS under their LMS id', async () => {
    const applied = await apply(grades(100, 90, 70, 60));
    expect(applied.status).toBe(200);
    expect(applied.body.lms).toBe(true);
    expect(applied.body.grades.map((g: Applied) => [g.team.name, g.user.name, g.teamGrade, g.factor, g.adjusted, g.outcome])).toEqual([
      // Ada 4.5 / 3.5 and Ben 4 / 3.5, both capped at 1.05: 90 × 1.05 = 94.5.
      ['A team', 'Ada', 90, 1.05, 94.5, 'sent'],
      ['A team', 'Ben', 90, 1.05, 94.5, 'sent'],
      // Cy 2 / 3.5 = 0.5714; 90 × 0.5714 = 51.426.
      ['A team', 'Cy', 90, 0.5714, 51.43, 'sent'],
      // A team of one: factor 1. Dee never came from the LMS.
      ['B team', 'Dee', 70, 1, 70, 'no-lms-account'],
      // Fay is the only one rated: 3 / 3. Nobody rated Gus: he keeps the team grade.
      ['C team', 'Fay', 60, 1, 60, 'sent'],
      ['C team', 'Gus', 60, null, 60, 'sent'],
    ]);
    // Eve left the team before the grades: none of its grade is hers.
    expect(applied.body.grades.some((g: Applied) => g.user.id === eve.user.id)).toBe(false);
    expect(services.lineItems).toHaveLength(1);
    expect(services.scores.map((s) => [s.body.userId, s.body.scoreGiven, s.body.scoreMaximum])).toEqual([
      ['lms-Ada', 94.5, 100],
      ['lms-Ben', 94.5, 100],
      ['lms-Cy', 51.43, 100],
      ['lms-Fay', 60, 100],
      ['lms-Gus', 60, 100],
    ]);
    const scores = await server.api<ScoresResponse>('GET', `/api/assignments/${seeded.assignmentId}/lti/scores`, { as: ivy });
    expect(new Map(scores.body.scores.map((s) => [s.userId, s.scoreGiven])).get(cy.user.id)).toBe(51.43);
  });

  it('replaces the grades when applied again, capping at the maximum, and shows them in the summary and the CSV', async () => {
    const again = await apply({ scoreMaximum: 100, teams: [{ teamId: team('A team'), teamGrade: 98 }] });
    expect(again.status).toBe(200);
    // 98 × 1.05 = 102.9, capped at 100; 98 × 0.5714 = 55.9972.
    expect(again.body.grades.map((g: Applied) => [g.user.name, g.adjusted])).toEqual([
      ['Ada', 100],
      ['Ben', 100],
      ['Cy', 56],
    ]);
    expect(services.scores.at(-1)!.body).toMatchObject({ userId: 'lms-Cy', scoreGiven: 56 });

    const summary = await server.api('GET', path(), { as: ivy });
    const a = summary.body.teams.find((t: any) => t.team.name === 'A team');
    expect(a.members.map((m: any) => [m.user.name, m.grade.teamGrade, m.grade.factor, m.grade.adjusted])).toEqual([
      ['Ada', 98, 1.05, 100],
      ['Ben', 98, 1.05, 100],
      ['Cy', 98, 0.5714, 56],
    ]);
    const c = summary.body.teams.find((t: any) => t.team.name === 'C team');
    expect(c.members.map((m: any) => m.grade.adjusted)).toEqual([60, 60]);

    const csv = await server.api('GET', path('?format=csv'), { as: ivy });
    const lines = csvLines(csv.body as string);
    expect(lines[0]!.endsWith(',disagrees,team grade,grade maximum,adjusted grade')).toBe(true);
    expect(lines.find((line) => line.startsWith('A team,Cy,'))!.endsWith(',98,100,56')).toBe(true);
    expect(lines.find((line) => line.startsWith('B team,Dee,'))!.endsWith(',70,100,70')).toBe(true);
  });
});
