import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HomeResponse } from '../../../shared/schemas/home';
import { createTestDoc, startTestServer, type TestServer } from '../../testing/test-server';
import { createCourse, createTeam, enrol } from '../courses/test-course';

describe('GET /api/home', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers what the groups, projects and documents routes answer, joined, and only for the caller’s groups', async () => {
    const [ana, ben, outsider] = await server.createUsers('Ana', 'Ben', 'Outsider');
    const first = await createTestDoc(server, [
      { member: ana, role: 'instructor' },
      { member: ben, role: 'reviewer' },
    ]);
    const second = await createTestDoc(server, [{ member: ben, role: 'member' }]);
    await createTestDoc(server, [{ member: outsider, role: 'instructor' }]);
    const extra = await server.api('POST', `/api/groups/${first.groupId}/projects`, { as: ana, body: { name: 'Empty project' } });
    expect(extra.status).toBe(201);
    await server.api('POST', `/api/projects/${first.projectId}/docs`, { as: ana, body: { title: 'Second draft' } });

    const home = await server.api<HomeResponse>('GET', '/api/home', { as: ben });
    expect(home.status).toBe(200);
    expect(home.body.moreGroups).toBe(false);

    // The same lists, one route at a time.
    const groups = (await server.api('GET', '/api/groups?limit=200', { as: ben })).body.groups;
    const expected = [];
    for (const group of groups) {
      const projects = (await server.api('GET', `/api/groups/${group.id}/projects?limit=200`, { as: ben })).body.projects;
      const withDocs = [];
      for (const project of projects) {
        const docs = (await server.api('GET', `/api/projects/${project.id}/docs?limit=200`, { as: ben })).body.docs;
        withDocs.push({ ...project, docs, moreDocs: false });
      }
      expected.push({ ...group, projects: withDocs, moreProjects: false });
    }
    expect(home.body.groups).toEqual(expected);
    expect(home.body.groups.map((group) => group.id)).toEqual([first.groupId, second.groupId]);
    // Ben reviews the first group: he sees its projects, may add none there, and his own role in each group.
    expect(home.body.groups.map((group) => group.role)).toEqual(['reviewer', 'member']);
    expect(home.body.groups[0]!.projects.map((project) => [project.name, project.docs.length])).toEqual([
      ['Test project', 2],
      ['Empty project', 0],
    ]);
    expect(home.body.groups[0]!.projects[0]!.can.createDocs).toBe(false);
  });

  it('lists a course to its instructors without its teams, which they reach through it; a learner sees the course and their team', async () => {
    const [teacher, lea] = await server.createUsers('Teacher', 'Lea');
    const course = await createCourse(server, teacher, 'Physics');
    await enrol(server, course, 'member', lea);
    const team = await createTeam(server, course, 'Team Bohr', [lea]);
    await createTeam(server, course, 'Team Curie');

    const names = async (who: typeof teacher) =>
      ((await server.api('GET', '/api/home', { as: who })).body as HomeResponse).groups.map((g) => g.name);
    expect(await names(teacher)).toEqual(['Physics']);
    expect(await names(lea)).toEqual(['Physics', 'Team Bohr']);
    // The teams stay the instructor's own to open.
    expect((await server.api('GET', `/api/groups/${team}`, { as: teacher })).body.group.role).toBe('instructor');
  });

  it('answers an empty list to someone in no group, and 401 to no one', async () => {
    const loner = await server.createUser('Loner');
    expect((await server.api('GET', '/api/home', { as: loner })).body).toEqual({ groups: [], moreGroups: false });
    expect((await server.api('GET', '/api/home')).status).toBe(401);
  });
});
