import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { createTestCourse } from '../assignments/test-course';

/**
 * An archived course is read-only for its assignments, rubrics and teams
 * (course-writes.ts), on a real server and SQLite file: its members get 409
 * with the reason, reads go on, anyone outside it is answered as before,
 * and once restored the same changes go through.
 */
describe('an archived course or team', () => {
  let server: TestServer;
  let teacher: TestUser;
  let lea: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    server = await startTestServer();
    [teacher, lea, outsider] = await server.createUsers('Teacher', 'Lea', 'Outsider');
  });
  afterAll(() => server?.close());

  const rubric = {
    title: 'Essay',
    criteria: [{ title: 'Argument', levels: [{ label: 'Weak', points: 0 }, { label: 'Strong', points: 2 }] }],
  };

  it('refuses changes to assignments, rubrics and teams while archived, keeps reads, and takes them again once restored', async () => {
    const { courseId } = await createTestCourse(server, teacher, [[lea]]);
    const made = await server.api('POST', `/api/groups/${courseId}/assignments`, { as: teacher, body: { title: 'Essay', dueAt: new Date(Date.now() + 86_400_000).toISOString() } });
    expect(made.status).toBe(201);
    const assignmentId = made.body.assignment.id as string;
    const revision = made.body.assignment.revision as number;
    expect((await server.api('POST', `/api/groups/${courseId}/archive`, { as: teacher })).status).toBe(200);

    const changes = [
      () => server.api('POST', `/api/groups/${courseId}/assignments`, { as: teacher, body: { title: 'Another', dueAt: new Date(Date.now() + 86_400_000).toISOString() } }),
      () => server.api('PATCH', `/api/assignments/${assignmentId}`, { as: teacher, body: { revision, title: 'Renamed' } }),
      () => server.api('POST', `/api/groups/${courseId}/rubrics`, { as: teacher, body: rubric }),
      () => server.api('PATCH', `/api/groups/${courseId}/self-signup`, { as: teacher, body: { maxTeamSize: 3 } }),
      () => server.api('POST', `/api/assignments/${assignmentId}/submit`, { as: lea }),
    ];
    for (const change of changes) {
      const refused = await change();
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(/course is archived/);
    }
    expect((await server.api('DELETE', `/api/assignments/${assignmentId}`, { as: teacher })).status).toBe(409);
    expect((await server.api('GET', `/api/assignments/${assignmentId}`, { as: teacher })).body.assignment.title).toBe('Essay');
    expect((await server.api('GET', `/api/groups/${courseId}/rubrics`, { as: teacher })).status).toBe(200);
    // Someone outside the course learns nothing of it, archived or not.
    expect((await server.api('PATCH', `/api/assignments/${assignmentId}`, { as: outsider, body: { revision, title: 'Mine' } })).status).toBe(404);

    expect((await server.api('POST', `/api/groups/${courseId}/restore`, { as: teacher })).status).toBe(200);
    expect((await changes[1]!()).status).toBe(200);
    expect((await changes[2]!()).status).toBe(201);
    expect((await changes[3]!()).status).toBe(200);
  });

  it('leaves an archived team’s copy off its member’s home page, the assignment and the class view, and brings it back once restored', async () => {
    const { courseId, teamIds } = await createTestCourse(server, teacher, [[lea]]);
    const made = await server.api('POST', `/api/groups/${courseId}/assignments`, { as: teacher, body: { title: 'Report', dueAt: new Date(Date.now() + 86_400_000).toISOString() } });
    const assignmentId = made.body.assignment.id as string;
    const onHome = async () => ((await server.api('GET', '/api/home', { as: lea })).body.assignments as { id: string }[]).some((a) => a.id === assignmentId);
    const listed = async () => ((await server.api('GET', `/api/assignments/${assignmentId}`, { as: teacher })).body.teams as { team: { id: string } }[]).map((t) => t.team.id);
    const inClassView = async () => JSON.stringify((await server.api('GET', `/api/assignments/${assignmentId}/class`, { as: teacher })).body).includes(teamIds[0]!);
    expect(await onHome()).toBe(true);
    expect(await listed()).toEqual(teamIds);
    expect(await inClassView()).toBe(true);

    expect((await server.api('POST', `/api/groups/${teamIds[0]}/archive`, { as: teacher })).status).toBe(200);
    expect(await onHome()).toBe(false);
    expect(await listed()).toEqual([]);
    expect(await inClassView()).toBe(false);

    expect((await server.api('POST', `/api/groups/${teamIds[0]}/restore`, { as: teacher })).status).toBe(200);
    expect(await onHome()).toBe(true);
    expect(await listed()).toEqual(teamIds);
  });
});
