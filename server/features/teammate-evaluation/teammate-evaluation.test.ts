import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock, type TestClock } from '../../testing/test-clock';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { CopyWriters, type SeededClass, seedClass } from '../assignments/test-class';
import { all, bodyOf, rate, scores, teamOfFourRatings } from './test-evaluation';
import { csvLines } from '../../testing/csv-rows';

/**
 * Teammate evaluation through the routes, on a real server and database:
 * when it opens, the numbers an instructor reads for scripted ratings
 * beside the measured shares, a clique and a uniform rater, a team of one,
 * a member who left, every refused set changing nothing, and what a
 * learner sees before and after release (never who said what).
 */
const day = 24 * 60 * 60 * 1000;
let server: TestServer;
let clock: TestClock;
let seeded: SeededClass;
let ivy: TestUser, ada: TestUser, ben: TestUser, cy: TestUser, dee: TestUser, eve: TestUser, fay: TestUser, gus: TestUser;
let hal: TestUser, ida: TestUser, jo: TestUser, kim: TestUser, lu: TestUser, max: TestUser, out: TestUser;

const path = (suffix = '') => `/api/assignments/${seeded.assignmentId}/teammate-evaluation${suffix}`;
const rowCount = async () => Number((await server.domain.store.db.selectFrom('teammate_ratings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const summaryOf = async (teamName: string) => {
  const answer = await server.api('GET', path(), { as: ivy });
  expect(answer.status).toBe(200);
  return answer.body.teams.find((team: { team: { name: string } }) => team.team.name === teamName);
};
const fourRatings = () => teamOfFourRatings(ada.user.id, ben.user.id, cy.user.id, dee.user.id);
const bensCommentOnAda = 'Ada quietly rewrote the whole analysis section';

beforeAll(async () => {
  clock = testClock();
  server = await startTestServer({}, { now: clock.now });
  [ivy, ada, ben, cy, dee, eve, fay, gus, hal, ida, jo, kim, lu, max, out] = await server.createUsers(
    'Ivy', 'Ada', 'Ben', 'Cy', 'Dee', 'Eve', 'Fay', 'Gus', 'Hal', 'Ida', 'Jo', 'Kim', 'Lu', 'Max', 'Out',
  );
  seeded = await seedClass(server.domain.store.db, {
    instructorId: ivy.user.id,
    teams: [
      { name: 'A team', memberIds: [ada, ben, cy, dee].map((u) => u.user.id) },
      { name: 'B team', memberIds: [eve, fay, gus].map((u) => u.user.id) },
      { name: 'C team', memberIds: [hal.user.id] },
      { name: 'D team', memberIds: [ida, jo, kim].map((u) => u.user.id) },
      { name: 'E team', memberIds: [lu, max].map((u) => u.user.id) },
    ],
    dueAt: Date.now() + day,
  });
  // Team A's copy: Ada 100 characters, Ben 10, Cy 100, Dee 150 (360 in all).
  const writer = new CopyWriters(server.domain.sync, seeded.teams[0]!.docId);
  await writer.paragraph(ada.user.id, 'a'.repeat(100));
  await writer.paragraph(ben.user.id, 'b'.repeat(10));
  await writer.paragraph(cy.user.id, 'c'.repeat(100));
  await writer.paragraph(dee.user.id, 'd'.repeat(150));
  writer.destroy();
});
afterAll(async () => {
  await server?.close();
});

describe('teammate evaluation', () => {
  it('is not open before the team’s due time: a set is refused and nothing is stored, and there is nothing to release', async () => {
    const refused = await server.api('PUT', path(), { as: ada, body: bodyOf(ada.user.id, fourRatings()) });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/opens at your team’s due time/);
    expect(await rowCount()).toBe(0);

    const form = await server.api('GET', path(), { as: ada });
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ view: 'learner', state: 'not-open', team: { name: 'A team' }, submitted: null, result: null, releasedAt: null });
    expect(form.body.ratees.map((ratee: { user: { name: string }; self: boolean }) => [ratee.user.name, ratee.self])).toEqual([
      ['Ada', true],
      ['Ben', false],
      ['Cy', false],
      ['Dee', false],
    ]);
    expect((await server.api('POST', path('/release'), { as: ivy })).status).toBe(409);
  });

  it('opens for a team as soon as it submitted, before its due time; a clique and a uniform rater are flagged', async () => {
    const writer = new CopyWriters(server.domain.sync, seeded.teams[1]!.docId);
    await writer.paragraph(eve.user.id, 'Our findings.');
    writer.destroy();
    expect((await server.api('POST', `/api/assignments/${seeded.assignmentId}/submit`, { as: eve })).status).toBe(200);
    expect((await server.api('GET', path(), { as: fay })).body.state).toBe('open');

    const [e, f, g] = [eve, fay, gus].map((u) => u.user.id) as [string, string, string];
    const ratings = [
      rate(e, e, all(4)),
      rate(e, f, all(5)),
      rate(e, g, all(2)),
      rate(f, f, all(4)),
      rate(f, e, scores(5, 5, 4, 5, 4)),
      rate(f, g, scores(2, 3, 2, 3, 2)),
      rate(g, g, all(3)),
      rate(g, e, all(3)),
      rate(g, f, all(3)),
    ];
    for (const rater of [eve, fay, gus]) {
      const sent = await server.api('PUT', path(), { as: rater, body: bodyOf(rater.user.id, ratings) });
      expect(sent.status).toBe(200);
      expect(sent.body.state).toBe('submitted');
    }
    const b = await summaryOf('B team');
    expect(b.cliques).toEqual([[e, f]]);
    expect(b.members.map((member: { user: { name: string }; flags: string[] }) => [member.user.name, member.flags])).toEqual([
      ['Eve', ['clique']],
      ['Fay', ['clique']],
      ['Gus', ['rated-low-by-all', 'uniform-rater']],
    ]);
    // Team A has not submitted and is not due: still closed to it.
    expect((await server.api('GET', path(), { as: ada })).body.state).toBe('not-open');
  });

  it('gives the instructor exact averages, factors with the cap and flags for a team of four, beside the measured shares', async () => {
    clock.advance(2 * day);
    for (const rater of [ada, ben, cy, dee]) {
      const comments = rater === ben ? { [ada.user.id]: bensCommentOnAda } : {};
      const sent = await server.api('PUT', path(), { as: rater, body: bodyOf(rater.user.id, fourRatings(), comments) });
      expect(sent.status).toBe(200);
      expect(sent.body.submitted.ratings).toHaveLength(4);
    }
    const a = await summaryOf('A team');
    expect(a.open).toBe(true);
    expect(a.teamAverage).toBe(3.35);
    const rows = a.members.map((m: any) => [m.user.name, m.byOthers, m.self, m.factor, m.flags, m.submitted]);
    expect(rows).toEqual([
      // 67/15; capped from 1.3333
      ['Ada', 4.4667, 5, 1.05, [], true],
      // 60/15; capped from 1.1940; exactly 1.0 above the others
      ['Ben', 4, 5, 1.05, ['overrates-self'], true],
      // 3 / 3.35
      ['Cy', 3, 5, 0.8955, ['overrates-self'], true],
      // 29/15 = 1.9333; 1.9333 / 3.35
      ['Dee', 1.9333, 2.6, 0.5771, ['rated-low-by-all'], true],
    ]);
    expect(a.members.map((m: any) => [m.measured.surviving, m.measured.share, m.measured.sessions])).toEqual([
      [100, 0.2778, 1],
      [10, 0.0278, 1],
      [100, 0.2778, 1],
      [150, 0.4167, 1],
    ]);
    // Ben is rated above the team but wrote under half an even share; Dee the other way round.
    expect(a.members.map((m: any) => m.disagrees === null)).toEqual([true, false, true, false]);
    expect(a.members[1].disagrees).toMatch(/wrote 3% of the team’s text/);
    expect(a.ratings.find((r: any) => r.rater.id === ben.user.id && r.ratee.id === ada.user.id).comment).toBe(bensCommentOnAda);
  });

  it('lets a team of one rate only themselves, with factor 1 and its flag', async () => {
    const outsider = await server.api('PUT', path(), { as: hal, body: { ratings: [{ rateeId: hal.user.id, scores: all(4) }, { rateeId: ada.user.id, scores: all(4) }] } });
    expect(outsider.status).toBe(400);
    expect(outsider.body.error.fields).toEqual({ 'ratings.1.rateeId': 'Not a member of your team.' });
    expect((await server.api('PUT', path(), { as: hal, body: { ratings: [{ rateeId: hal.user.id, scores: all(4) }] } })).status).toBe(200);
    const c = await summaryOf('C team');
    expect(c.members).toEqual([expect.objectContaining({ byOthers: null, self: 4, factor: 1, flags: ['team-of-one'] })]);
  });

  it('refuses someone outside the team, an incomplete set, a ratee twice, a missing dimension and a second set, changing nothing', async () => {
    const [i, j, k] = [ida, jo, kim].map((u) => u.user.id) as [string, string, string];
    const full = [rate(i, i, all(4)), rate(i, j, all(4)), rate(i, k, all(2))];
    const before = await rowCount();
    const attempts: [TestUser, unknown, number, RegExp][] = [
      [ida, bodyOf(i, [...full, rate(i, ada.user.id, all(5))]), 400, /only the members of your team/],
      [ida, bodyOf(i, full.slice(0, 2)), 400, /missing Kim/],
      [ida, bodyOf(i, full.slice(1)), 400, /missing yourself/],
      [ida, bodyOf(i, [...full, rate(i, j, all(5))]), 400, /each once/],
      [ida, { ratings: [{ rateeId: i, scores: { contributing: 4, interacting: 4, keepingOnTrack: 4, expectingQuality: 4 } }] }, 400, /knowledgeAndSkills/],
      [ida, { ratings: [{ rateeId: i, scores: { ...all(4), contributing: 6 } }] }, 400, /At most 5/],
      [ivy, bodyOf(i, full), 403, /Only learners/],
      [out, bodyOf(i, full), 404, /does not exist/],
    ];
    for (const [as, body, status, message] of attempts) {
      const answer = await server.api('PUT', path(), { as, body });
      expect([answer.status, answer.body.error?.message], JSON.stringify(body)).toEqual([status, expect.stringMatching(message)]);
    }
    expect(await rowCount()).toBe(before);

    expect((await server.api('PUT', path(), { as: ida, body: bodyOf(i, full, { [k]: 'Kim stopped coming after week two' }) })).status).toBe(200);
    const again = await server.api('PUT', path(), { as: ida, body: bodyOf(i, [rate(i, i, all(5)), rate(i, j, all(5)), rate(i, k, all(5))]) });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/a sent evaluation is final/);
    const mine = await server.api('GET', path(), { as: ida });
    expect(mine.body.submitted.ratings.map((r: any) => r.scores.contributing)).toEqual([4, 4, 2]);
    expect(await rowCount()).toBe(before + 3);
  });

  it('ignores the ratings of a member who left and no longer asks anyone to rate them', async () => {
    const [i, j, k] = [ida, jo, kim].map((u) => u.user.id) as [string, string, string];
    expect((await server.api('PUT', path(), { as: kim, body: bodyOf(k, [rate(k, k, all(5)), rate(k, i, all(1)), rate(k, j, all(1))]) })).status).toBe(200);
    await server.domain.teams.takeOut(seeded.courseId, seeded.teams[3]!.id, k, ivy.user.id);

    const form = await server.api('GET', path(), { as: jo });
    expect(form.body.ratees.map((ratee: any) => ratee.user.name)).toEqual(['Ida', 'Jo']);
    expect((await server.api('PUT', path(), { as: jo, body: bodyOf(j, [rate(j, j, all(3)), rate(j, i, all(5))]) })).status).toBe(200);

    const d = await summaryOf('D team');
    expect(d.formerMembers.map((user: any) => user.name)).toEqual(['Kim']);
    // Ida: only Jo's 5s count (Kim's 1s do not); Jo: only Ida's 4s.
    expect(d.members.map((m: any) => [m.user.name, m.byOthers, m.raters, m.factor])).toEqual([
      ['Ida', 5, 1, 1.05],
      ['Jo', 4, 1, 0.8889],
    ]);
    expect((await server.api('GET', path(), { as: kim })).body.state).toBe('no-team');
  });

  it('shows a learner only their own ratings, and their own averages once released, never who said what', async () => {
    const before = await server.api('GET', path(), { as: ada });
    expect(before.body).toMatchObject({ state: 'submitted', result: null, releasedAt: null });
    expect(before.body.submitted.ratings.map((r: any) => r.ratee.name)).toEqual(['Ada', 'Ben', 'Cy', 'Dee']);
    expect(JSON.stringify(before.body)).not.toContain(bensCommentOnAda);
    expect((await server.api('GET', path('?format=csv'), { as: ada })).status).toBe(403);
    expect((await server.api('POST', path('/release'), { as: ada })).status).toBe(403);

    const released = await server.api('POST', path('/release'), { as: ivy });
    expect(released.status).toBe(200);
    clock.advance(1000);
    expect((await server.api('POST', path('/release'), { as: ivy })).body.releasedAt).toBe(released.body.releasedAt);

    const after = await server.api('GET', path(), { as: ada });
    expect(after.body.releasedAt).toBe(released.body.releasedAt);
    expect(after.body.result).toEqual({
      byOthers: 4.4667,
      byOthersPerDimension: { contributing: 4.6667, interacting: 4.3333, keepingOnTrack: 4.6667, expectingQuality: 4.3333, knowledgeAndSkills: 4.3333 },
      raters: 3,
      self: 5,
      teamAverage: 3.35,
      factor: 1.05,
    });
    const text = JSON.stringify(after.body);
    expect(text).not.toContain(bensCommentOnAda);
    // Each teammate is named twice, as someone to rate and as someone Ada rated: never as a rater.
    for (const other of [ben, cy, dee]) expect(text.split(`"id":"${other.user.id}"`).length - 1, other.user.name).toBe(2);

    // Closed at release: a learner who had not sent theirs may not any more.
    expect((await server.api('GET', path(), { as: lu })).body.state).toBe('closed');
    const late = await server.api('PUT', path(), { as: lu, body: { ratings: [{ rateeId: lu.user.id, scores: all(4) }, { rateeId: max.user.id, scores: all(4) }] } });
    expect(late.status).toBe(409);
  });

  it('exports every member’s figures as CSV for the instructor, without comments', async () => {
    const csv = await server.api('GET', path('?format=csv'), { as: ivy });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csvLines(csv.body as string);
    expect(lines[0]).toBe('team,member,email,by others,self,factor,flags,share,surviving,sessions,feedback given,feedback received,disagrees,team grade,grade maximum,adjusted grade');
    expect(lines[1]).toBe(`A team,Ada,${ada.user.email},4.4667,5,1.05,,0.2778,100,1,0,0,,,,`);
    expect(lines.find((line) => line.startsWith('C team,'))).toBe(`C team,Hal,${hal.user.email},,4,1,team-of-one,,0,0,0,0,,,,`);
    expect(csv.body).not.toContain(bensCommentOnAda);
  });
});
