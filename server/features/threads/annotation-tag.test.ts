import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { anchorOn, feedbackGroup } from './test-feedback';

/**
 * An annotation's tag is its author's choice: the server assumes none, and
 * says what to do instead, so that no remark is ever counted under a tag
 * nobody chose.
 */
describe('an annotation’s tag', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('is required, with a message that says to choose one or post a comment', async () => {
    const g = await feedbackGroup(server);
    const post = (body: unknown) => server.api('POST', `/api/docs/${g.docId}/threads`, { as: g.reviewer, body });
    for (const tag of [undefined, '']) {
      const refused = await post({ kind: 'annotation', body: 'Why?', anchor: anchorOn(), ...(tag === undefined ? {} : { tag }) });
      expect(refused.status).toBe(400);
      expect(refused.body.error.fields.tag).toBe('Choose a tag, or post it as a comment');
    }
    const list = await server.api('GET', `/api/docs/${g.docId}/threads`, { as: g.reviewer });
    expect(list.body.threads).toEqual([]);

    const tag = (await server.api('GET', `/api/groups/${g.groupId}/tags`, { as: g.reviewer })).body.tags[1];
    const posted = await post({ kind: 'annotation', body: 'Why?', anchor: anchorOn(), tag: tag.id });
    expect(posted.status).toBe(201);
    expect(posted.body.thread.tag).toEqual({ id: tag.id, name: tag.name });
  });
});
