import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { MomentCache } from './moment-cache';
import { addParagraph, paragraphText } from './test-editing';

/**
 * A comparison or a moment asked for again, by the same reader or another,
 * is answered from the cache, not rebuilt from the history: the same answer,
 * and no new replay.
 */
describe('rebuilt moments kept for the next reader', () => {
  let server: TestServer;
  let ivy: TestUser;
  let ada: TestUser;
  let docId: string;
  let versionId: string;

  beforeAll(async () => {
    server = await startTestServer();
    [ivy, ada] = await server.createUsers('Ivy', 'Ada');
    ({ docId } = await createTestDoc(server, [
      { member: ivy, role: 'instructor' },
      { member: ada, role: 'member' },
    ]));
    const doc = new Y.Doc();
    const sent = () => Y.encodeStateAsUpdate(doc);
    addParagraph(doc, 'The first draft of the essay.');
    await server.domain.sync.applyUpdateAs(docId, ada.user.id, sent());
    const created = await server.api('POST', `/api/docs/${docId}/versions`, { as: ada, body: { name: 'Draft' } });
    expect(created.status).toBe(201);
    versionId = created.body.version.id;
    const before = Y.encodeStateVector(doc);
    paragraphText(doc, 0).delete(4, 6);
    paragraphText(doc, 0).insert(4, 'second ');
    await server.domain.sync.applyUpdateAs(docId, ada.user.id, Y.encodeStateAsUpdate(doc, before));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('compares two versions once for every reader who asks', async () => {
    const path = `/api/docs/${docId}/compare?from=${versionId}&to=current`;
    const misses = server.domain.versions.comparisons.misses;
    const first = await server.api('GET', path, { as: ivy });
    expect(first.status).toBe(200);
    expect(first.body.changes).toEqual([{ userId: ada.user.id, inserted: 'second '.length, deleted: 'first '.length }]);
    for (const reader of [ivy, ada, ivy]) {
      const again = await server.api('GET', path, { as: reader });
      expect(again.status).toBe(200);
      expect(again.body.content).toEqual(first.body.content);
    }
    expect(server.domain.versions.comparisons.misses).toBe(misses + 1);
  });

  it('rebuilds the document at a moment once for every reader who asks', async () => {
    const timeline = await server.api('GET', `/api/docs/${docId}/timeline`, { as: ivy });
    const updateId = timeline.body.steps.at(-1).lastUpdateId;
    const path = `/api/docs/${docId}/timeline/at?updateId=${updateId}`;
    const misses = server.domain.versions.moments.misses;
    const first = await server.api('GET', path, { as: ivy });
    expect(first.status).toBe(200);
    for (const reader of [ada, ivy]) expect((await server.api('GET', path, { as: reader })).body).toEqual(first.body);
    expect(server.domain.versions.moments.misses).toBe(misses + 1);
  });
});

describe('MomentCache', () => {
  it('keeps at most its bytes, letting the least recently used go first', async () => {
    const cache = new MomentCache<string>(100);
    const build = (value: string) => async () => ({ value, bytes: 25 });
    for (const key of ['a', 'b', 'c', 'd']) await cache.get(key, build(key));
    await cache.get('a', build('a'));
    await cache.get('e', build('e'));
    expect(cache.misses).toBe(5);
    await cache.get('a', build('a'));
    expect(cache.misses).toBe(5);
    await cache.get('b', build('b'));
    expect(cache.misses).toBe(6);
  });
});
