import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedStreamEvent } from '../../shared/schemas/activity';
import { closeCodes } from '../../shared/close-codes';
import { connectRawClient, stockClientPool, waitFor } from '../sync/test-clients';
import { createTestDoc, startTestServer, type TestServer } from '../testing/test-server';
import { openFeedStream } from './activity/test-activity';
import { commentBody, openStream } from './threads/test-feedback';
import { routeFixture } from './test-routes';

/**
 * Removal from a group revokes everything at once: one DELETE by
 * the instructor closes the removed member's sync socket (accessRevoked),
 * takes their presence off everyone else's screen, ends their live stream of
 * the document's feedback, stops the group's news on their live feed (which
 * goes on for their other groups), and the document, its stream and its
 * routes answer them as a stranger from then on. Each channel alone is also
 * covered where it lives (access-revocation, thread-stream, feed-stream and
 * the authorisation matrix); this is the same removal seen on all of them
 * together.
 */
describe('a removed member', () => {
  let server: TestServer;
  const clients = stockClientPool();

  beforeAll(async () => {
    server = await startTestServer({ FEED_POLL_MS: '50' });
  });
  afterAll(async () => {
    clients.destroyAll();
    await server?.close();
  });

  it('loses the document on every channel at once, and keeps their other groups', async () => {
    const { params, users } = await routeFixture(server);
    const { member: mia, target: ben, instructor: ines, nonMember: ola } = users;
    const elsewhere = await createTestDoc(server, [
      { member: ola, role: 'instructor' },
      { member: mia, role: 'member' },
    ]);

    const miaSocket = clients.connect(server.url, params.docId, mia, { name: 'Mia' });
    const benSocket = clients.connect(server.url, params.docId, ben, { name: 'Ben' });
    await Promise.all([miaSocket.synced, benSocket.synced]);
    const miaIsPresent = () => benSocket.provider.awareness.getStates().has(miaSocket.doc.clientID);
    await waitFor('Ben to see Mia', miaIsPresent);
    const feedback = await openStream(server, params.docId, mia);
    const feed = await openFeedStream(server, mia);
    expect([feedback.status, feed.status]).toEqual([200, 200]);

    const removal = await server.api('DELETE', `/api/groups/${params.groupId}/members/${mia.user.id}`, { as: ines });
    expect(removal.status).toBe(204);

    expect((await miaSocket.closed).code).toBe(closeCodes.accessRevoked);
    expect(await feedback.next('the end of the feedback stream', (e) => e.type === 'end', 5000)).toEqual({ type: 'end', reason: 'access-revoked' });
    await waitFor('Mia’s presence to leave Ben’s screen', () => !miaIsPresent());

    // The group's news stops for her; her other group's goes on (in order, so nothing of the first came before it).
    await server.api('POST', `/api/docs/${params.docId}/threads`, { as: ines, body: commentBody({ body: 'Not for Mia any more.' }) });
    await server.api('POST', `/api/docs/${elsewhere.docId}/threads`, { as: ola, body: commentBody({ body: 'Still for Mia.' }) });
    const item = await feed.next('the news of her other group', (e: FeedStreamEvent) => e.type === 'item', 5000);
    expect(item.type === 'item' && item.item.text).toMatch(/Still for Mia/);
    expect(JSON.stringify(feed.events)).not.toContain('Not for Mia');
    feed.close();

    // From now on she is a stranger to the document: no socket, no stream, no route.
    expect(await connectRawClient(server.url, params.docId, mia).refused).toEqual({ status: 404, code: 'not_found' });
    expect((await openStream(server, params.docId, mia)).status).toBe(404);
    expect((await server.api('GET', `/api/docs/${params.docId}`, { as: mia })).status).toBe(404);
    expect((await server.api('GET', `/api/docs/${params.docId}/threads`, { as: mia })).status).toBe(404);
    // Ben, who stayed, still edits with the others.
    const inesSocket = clients.connect(server.url, params.docId, ines);
    await inesSocket.synced;
    benSocket.doc.getText('t').insert(0, 'Ben stays.');
    await waitFor('Ben’s edit to reach Ines', () => inesSocket.text() === 'Ben stays.');
  });
});
