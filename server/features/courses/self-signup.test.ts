import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { block, DocWriters } from '../activity/test-activity';
import { createCourse, createTeam, enrol, storedRole, teamDoc } from './test-course';

/**
 * Self-sign-up: when a course's instructor allows it, with a cap on team
 * size, a learner joins a team with room. The last seat goes to one learner
 * only, however many ask at once; a learner whose team has started its
 * work cannot walk away from it on their own.
 */
describe('self-sign-up into teams', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('is off until an instructor opens it with a size cap', async () => {
    const [ines, lea, rey] = await server.createUsers('Ines', 'Lea', 'Rey');
    const course = await createCourse(server, ines);
    await enrol(server, course, 'member', lea);
    await enrol(server, course, 'reviewer', rey);
    const team = await createTeam(server, course, 'Open team');
    const join = `/api/groups/${course.courseId}/teams/${team}/join`;

    expect((await server.api('POST', join, { as: lea })).status).toBe(403);
    expect((await server.api('PATCH', `/api/groups/${course.courseId}/self-signup`, { as: lea, body: { maxTeamSize: 3 } })).status).toBe(403);
    const opened = await server.api('PATCH', `/api/groups/${course.courseId}/self-signup`, { as: ines, body: { maxTeamSize: 3 } });
    expect(opened.body).toEqual({ selfSignup: { maxTeamSize: 3 } });
    expect((await server.api('GET', `/api/groups/${course.courseId}/teams`, { as: lea })).body.selfSignup).toEqual({ maxTeamSize: 3 });
    expect((await server.api('PATCH', `/api/groups/${course.courseId}/self-signup`, { as: ines, body: { maxTeamSize: 0 } })).status).toBe(400);

    // Only learners pick a team: a reviewer of the course and its instructor do not.
    expect((await server.api('POST', join, { as: rey })).status).toBe(403);
    expect((await server.api('POST', join, { as: ines })).status).toBe(403);
    const joined = await server.api('POST', join, { as: lea });
    expect(joined.status).toBe(200);
    expect(joined.body.team.members.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role])).toEqual([[lea.user.id, 'member']]);
    // Joining again changes nothing.
    expect((await server.api('POST', join, { as: lea })).status).toBe(200);

    await server.api('PATCH', `/api/groups/${course.courseId}/self-signup`, { as: ines, body: { maxTeamSize: null } });
    expect((await server.api('POST', join, { as: lea })).status).toBe(403);
  });

  it('gives the last seat to one of the learners asking at once', async () => {
    const [ines, first, ann, bob, cy, di] = await server.createUsers('Ines', 'First', 'Ann', 'Bob', 'Cy', 'Di');
    const course = await createCourse(server, ines);
    await enrol(server, course, 'member', first, ann, bob, cy, di);
    const team = await createTeam(server, course, 'Two seats', [first]);
    await server.api('PATCH', `/api/groups/${course.courseId}/self-signup`, { as: ines, body: { maxTeamSize: 2 } });

    const join = `/api/groups/${course.courseId}/teams/${team}/join`;
    const racers = [ann, bob, cy, di];
    const answers = await Promise.all(racers.map((learner) => server.api('POST', join, { as: learner })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body.error.message).toMatch(/full/);
    const roles = await Promise.all(racers.map((learner) => storedRole(server, team, learner)));
    expect(roles.filter((role) => role === 'member')).toHaveLength(1);
    const list = await server.api('GET', `/api/groups/${course.courseId}/teams`, { as: ines });
    expect(list.body.teams[0].members).toHaveLength(2);
    // An instructor may still place a learner beyond the cap.
    const loser = racers[answers.findIndex((a) => a.status === 409)]!;
    expect((await server.api('POST', `/api/groups/${course.courseId}/teams/${team}/members`, { as: ines, body: { userId: loser.user.id } })).status).toBe(200);
  });

  it('lets a learner switch while their team has no work, and not once it has', async () => {
    const [ines, lea, kim] = await server.createUsers('Ines', 'Lea', 'Kim');
    const course = await createCourse(server, ines);
    await enrol(server, course, 'member', lea, kim);
    const red = await createTeam(server, course, 'Red', [lea, kim]);
    const blue = await createTeam(server, course, 'Blue');
    const green = await createTeam(server, course, 'Green');
    await server.api('PATCH', `/api/groups/${course.courseId}/self-signup`, { as: ines, body: { maxTeamSize: 4 } });

    expect((await server.api('POST', `/api/groups/${course.courseId}/teams/${blue}/join`, { as: lea })).status).toBe(200);
    expect([await storedRole(server, red, lea), await storedRole(server, blue, lea)]).toEqual([null, 'member']);

    const doc = await teamDoc(server, red, kim);
    await new DocWriters(server, doc.docId).edit(kim, (f) => f.insert(0, [block('paragraph', 'Kim started.')]));
    const stay = await server.api('POST', `/api/groups/${course.courseId}/teams/${green}/join`, { as: kim });
    expect(stay.status).toBe(409);
    expect(stay.body.error.message).toMatch(/ask an instructor/);
    expect(await storedRole(server, red, kim)).toBe('member');
  });
});
