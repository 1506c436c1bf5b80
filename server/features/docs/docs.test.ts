import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDoc, startTestServer, type TestServer } from '../../testing/test-server';

describe('documents', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function project() {
    const instructor = await server.createUser();
    const member = await server.createUser();
    const reviewer = await server.createUser();
    const outsider = await server.createUser();
    const ids = await createTestDoc(server, [
      { member: instructor, role: 'instructor' },
      { member, role: 'member' },
      { member: reviewer, role: 'reviewer' },
    ]);
    return { ...ids, instructor, member, reviewer, outsider };
  }

  it('lets a member create a document that every member can list', async () => {
    const { projectId, docId, member, reviewer } = await project();
    const created = await server.api('POST', `/api/projects/${projectId}/docs`, { as: member, body: { title: 'Draft' } });
    expect(created.status).toBe(201);
    expect(created.body.doc).toEqual({
      id: expect.stringMatching(/^[a-z2-7]{16}$/),
      projectId,
      title: 'Draft',
      createdAt: expect.any(Number),
      updatedAt: created.body.doc.createdAt,
    });
    const listed = await server.api('GET', `/api/projects/${projectId}/docs?limit=1`, { as: reviewer });
    expect(listed.status).toBe(200);
    expect(listed.body.docs).toHaveLength(1);
    const rest = await server.api('GET', `/api/projects/${projectId}/docs?limit=1&cursor=${listed.body.nextCursor}`, { as: reviewer });
    expect(rest.body.nextCursor).toBeNull();
    expect([...listed.body.docs, ...rest.body.docs].map((d: { id: string }) => d.id).sort()).toEqual(
      [docId, created.body.doc.id].sort(),
    );
  });

  it('opens a document with its project, group and the caller’s role', async () => {
    const { groupId, projectId, docId, reviewer } = await project();
    const response = await server.api('GET', `/api/docs/${docId}`, { as: reviewer });
    expect(response.status).toBe(200);
    expect(response.body.doc).toEqual({
      id: docId,
      projectId,
      title: 'Test document',
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
      project: { id: projectId, name: 'Test project' },
      group: { id: groupId, name: 'Test group' },
      role: 'reviewer',
      can: {
        edit: false,
        rename: false,
        giveFeedback: true,
        viewContributions: false,
        nameVersions: false,
        scheduleVersions: false,
        restoreVersions: false,
      },
      locked: false,
      locksAt: null,
      writesAfterLock: false,
    });
  });

  it('lets members rename a document, not reviewers', async () => {
    const { docId, member, reviewer } = await project();
    expect((await server.api('PATCH', `/api/docs/${docId}`, { as: reviewer, body: { title: 'Mine now' } })).status).toBe(403);
    const renamed = await server.api('PATCH', `/api/docs/${docId}`, { as: member, body: { title: ' Final ' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.doc).toMatchObject({ id: docId, title: 'Final', role: 'member' });
    expect(renamed.body.doc.updatedAt).toBeGreaterThanOrEqual(renamed.body.doc.createdAt);
    expect((await server.api('GET', `/api/docs/${docId}`, { as: reviewer })).body.doc.title).toBe('Final');
  });

  it('does not let a reviewer create one (403) and refuses bad titles (400)', async () => {
    const { projectId, docId, member, reviewer } = await project();
    expect((await server.api('POST', `/api/projects/${projectId}/docs`, { as: reviewer, body: { title: 'x' } })).status).toBe(403);
    for (const body of [{}, { title: ' ' }, { title: 'x'.repeat(201) }, { title: 'line\nbreak' }]) {
      expect((await server.api('POST', `/api/projects/${projectId}/docs`, { as: member, body })).status, JSON.stringify(body)).toBe(400);
      expect((await server.api('PATCH', `/api/docs/${docId}`, { as: member, body })).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('hides everything from an outsider (404) and asks the anonymous to sign in (401)', async () => {
    const { projectId, docId, outsider } = await project();
    const requests: [string, string, object?][] = [
      ['POST', `/api/projects/${projectId}/docs`, { title: 'x' }],
      ['GET', `/api/projects/${projectId}/docs`],
      ['GET', `/api/docs/${docId}`],
      ['PATCH', `/api/docs/${docId}`, { title: 'x' }],
      ['GET', '/api/docs/not-a-doc-id'],
      ['GET', `/api/docs/${'d'.repeat(16)}`],
    ];
    for (const [method, path, body] of requests) {
      expect((await server.api(method, path, { as: outsider, body })).status, `${method} ${path}`).toBe(404);
      expect((await server.api(method, path, { body })).status, `${method} ${path}`).toBe(401);
    }
  });
});
