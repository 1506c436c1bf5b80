import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTagNames, feedbackLimits } from '../../../shared/schemas/threads';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { anchorOn, feedbackGroup, type FeedbackGroup } from '../threads/test-feedback';

describe('annotation tags', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const tagsOf = async (g: FeedbackGroup) => (await server.api('GET', `/api/groups/${g.groupId}/tags`, { as: g.reviewer })).body.tags;
  const names = (tags: { name: string }[]) => tags.map((t) => t.name);

  it('start as the defaults, in order, for every member to read', async () => {
    const g = await feedbackGroup(server);
    for (const as of [g.instructor, g.member, g.reviewer]) {
      const response = await server.api('GET', `/api/groups/${g.groupId}/tags`, { as });
      expect(response.status).toBe(200);
      expect(names(response.body.tags)).toEqual([...defaultTagNames]);
    }
    expect((await tagsOf(g))[0]).toEqual({ id: expect.stringMatching(/^[a-z2-7]{16}$/), name: 'Strong point', archived: false, createdAt: expect.any(Number) });
  });

  it('are made once even when first asked for many times at once', async () => {
    const g = await feedbackGroup(server);
    const lists = await Promise.all(Array.from({ length: 5 }, () => server.api('GET', `/api/groups/${g.groupId}/tags`, { as: g.member })));
    for (const list of lists) expect(list.status).toBe(200);
    expect(names(await tagsOf(g))).toEqual([...defaultTagNames]);
  });

  it('are added, renamed and retired by instructors; a retired tag stays on its annotations', async () => {
    const g = await feedbackGroup(server);
    const created = await server.api('POST', `/api/groups/${g.groupId}/tags`, { as: g.instructor, body: { name: ' Great example ' } });
    expect(created.status).toBe(201);
    expect(created.body.tag).toMatchObject({ name: 'Great example', archived: false });
    const tagId = created.body.tag.id;
    expect(names(await tagsOf(g))).toEqual([...defaultTagNames, 'Great example']);

    const annotation = await server.api('POST', `/api/docs/${g.docId}/threads`, {
      as: g.reviewer,
      body: { kind: 'annotation', tag: tagId, anchor: anchorOn() },
    });
    expect(annotation.status).toBe(201);

    const renamed = await server.api('PATCH', `/api/groups/${g.groupId}/tags/${tagId}`, { as: g.instructor, body: { name: 'Model example' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.tag).toMatchObject({ id: tagId, name: 'Model example' });

    expect((await server.api('DELETE', `/api/groups/${g.groupId}/tags/${tagId}`, { as: g.instructor })).status).toBe(204);
    expect((await server.api('DELETE', `/api/groups/${g.groupId}/tags/${tagId}`, { as: g.instructor })).status).toBe(204);
    expect((await tagsOf(g)).find((t: { id: string }) => t.id === tagId)).toMatchObject({ archived: true, name: 'Model example' });
    const thread = (await server.api('GET', `/api/threads/${annotation.body.thread.id}`, { as: g.member })).body.thread;
    expect(thread.tag).toEqual({ id: tagId, name: 'Model example' });

    // Adding the name again brings the retired tag back, with its annotations.
    const revived = await server.api('POST', `/api/groups/${g.groupId}/tags`, { as: g.instructor, body: { name: 'model EXAMPLE' } });
    expect(revived.status).toBe(201);
    expect(revived.body.tag).toMatchObject({ id: tagId, name: 'model EXAMPLE', archived: false });
  });

  it('retiring every default does not bring the defaults back', async () => {
    const g = await feedbackGroup(server);
    for (const tag of await tagsOf(g)) {
      await server.api('DELETE', `/api/groups/${g.groupId}/tags/${tag.id}`, { as: g.instructor });
    }
    const after = await tagsOf(g);
    expect(after).toHaveLength(defaultTagNames.length);
    expect(after.every((t: { archived: boolean }) => t.archived)).toBe(true);
  });

  it('refuse a name another tag has (409), whatever its case, and invalid names (400)', async () => {
    const g = await feedbackGroup(server);
    const [strong, unclear] = await tagsOf(g);
    expect((await server.api('POST', `/api/groups/${g.groupId}/tags`, { as: g.instructor, body: { name: 'UNCLEAR' } })).status).toBe(409);
    expect(
      (await server.api('PATCH', `/api/groups/${g.groupId}/tags/${strong.id}`, { as: g.instructor, body: { name: 'unclear' } })).status,
    ).toBe(409);
    // Renaming a tag to itself in another case is fine.
    expect(
      (await server.api('PATCH', `/api/groups/${g.groupId}/tags/${unclear.id}`, { as: g.instructor, body: { name: 'unclear' } })).status,
    ).toBe(200);
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(feedbackLimits.tagName + 1) }, { name: 'tab\there' }, { name: 'ok', extra: 1 }]) {
      expect((await server.api('POST', `/api/groups/${g.groupId}/tags`, { as: g.instructor, body })).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('are capped per group', async () => {
    const g = await feedbackGroup(server);
    await tagsOf(g);
    for (let i = defaultTagNames.length; i < feedbackLimits.tagsPerGroup; i++) {
      expect((await server.api('POST', `/api/groups/${g.groupId}/tags`, { as: g.instructor, body: { name: `Tag ${i}` } })).status).toBe(201);
    }
    expect((await server.api('POST', `/api/groups/${g.groupId}/tags`, { as: g.instructor, body: { name: 'One more' } })).status).toBe(409);
  });

  it('cannot be changed by members or reviewers (403), nor seen by outsiders (404)', async () => {
    const g = await feedbackGroup(server);
    const [tag] = await tagsOf(g);
    for (const as of [g.member, g.reviewer]) {
      expect((await server.api('POST', `/api/groups/${g.groupId}/tags`, { as, body: { name: 'Mine' } })).status).toBe(403);
      expect((await server.api('PATCH', `/api/groups/${g.groupId}/tags/${tag.id}`, { as, body: { name: 'Mine' } })).status).toBe(403);
      expect((await server.api('DELETE', `/api/groups/${g.groupId}/tags/${tag.id}`, { as })).status).toBe(403);
    }
    expect((await server.api('GET', `/api/groups/${g.groupId}/tags`, { as: g.outsider })).status).toBe(404);
    expect((await server.api('GET', `/api/groups/${g.groupId}/tags`)).status).toBe(401);
    // A tag of another group is not found through this one.
    const h = await feedbackGroup(server);
    const [foreign] = await tagsOf(h);
    expect((await server.api('PATCH', `/api/groups/${g.groupId}/tags/${foreign.id}`, { as: g.instructor, body: { name: 'x' } })).status).toBe(404);
    expect((await server.api('DELETE', `/api/groups/${g.groupId}/tags/not-an-id`, { as: g.instructor })).status).toBe(404);
  });
});
