import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDoc, startTestServer, type TestServer } from '../../testing/test-server';

describe('projects', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function group() {
    const instructor = await server.createUser();
    const member = await server.createUser();
    const reviewer = await server.createUser();
    const outsider = await server.createUser();
    const { groupId, projectId } = await createTestDoc(server, [
      { member: instructor, role: 'instructor' },
      { member, role: 'member' },
      { member: reviewer, role: 'reviewer' },
    ]);
    return { groupId, projectId, instructor, member, reviewer, outsider };
  }

  it('lets a member create a project that every member can list and open', async () => {
    const { groupId, projectId, member, reviewer } = await group();
    const created = await server.api('POST', `/api/groups/${groupId}/projects`, { as: member, body: { name: ' Lab report ' } });
    expect(created.status).toBe(201);
    expect(created.body.project).toEqual({
      id: expect.stringMatching(/^[a-z2-7]{16}$/),
      groupId,
      name: 'Lab report',
      createdAt: expect.any(Number),
      can: { createDocs: true },
    });

    const listed = await server.api('GET', `/api/groups/${groupId}/projects`, { as: reviewer });
    expect(listed.status).toBe(200);
    expect(listed.body.projects.map((p: { id: string }) => p.id).sort()).toEqual([projectId, created.body.project.id].sort());
    expect(listed.body.nextCursor).toBeNull();

    const opened = await server.api('GET', `/api/projects/${created.body.project.id}`, { as: reviewer });
    expect(opened.status).toBe(200);
    // The reviewer opens the same project, but may not add documents to it.
    expect(opened.body).toEqual({ project: { ...created.body.project, can: { createDocs: false } } });
  });

  it('pages through a long list without gaps or repeats', async () => {
    const { groupId, instructor } = await group();
    for (let i = 0; i < 4; i++) {
      await server.api('POST', `/api/groups/${groupId}/projects`, { as: instructor, body: { name: `Project ${i}` } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await server.api('GET', `/api/groups/${groupId}/projects?limit=2${query}`, { as: instructor });
      expect(page.status).toBe(200);
      seen.push(...page.body.projects.map((p: { id: string }) => p.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
  });

  it('does not let a reviewer create one (403)', async () => {
    const { groupId, reviewer } = await group();
    const response = await server.api('POST', `/api/groups/${groupId}/projects`, { as: reviewer, body: { name: 'Mine' } });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('forbidden');
  });

  it('refuses a name that is missing, blank or too long (400)', async () => {
    const { groupId, member } = await group();
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(121) }, { title: 'wrong field' }]) {
      const response = await server.api('POST', `/api/groups/${groupId}/projects`, { as: member, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('hides everything from an outsider (404) and asks the anonymous to sign in (401)', async () => {
    const { groupId, projectId, outsider } = await group();
    const requests: [string, string, object?][] = [
      ['POST', `/api/groups/${groupId}/projects`, { name: 'x' }],
      ['GET', `/api/groups/${groupId}/projects`],
      ['GET', `/api/projects/${projectId}`],
      ['GET', '/api/projects/not-a-project-id'],
      ['GET', `/api/projects/${'c'.repeat(16)}`],
    ];
    for (const [method, path, body] of requests) {
      expect((await server.api(method, path, { as: outsider, body })).status, `${method} ${path}`).toBe(404);
      expect((await server.api(method, path, { body })).status, `${method} ${path}`).toBe(401);
    }
  });
});
