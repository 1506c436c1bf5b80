import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentionToken } from '../../../shared/mentions';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { commentBody, feedbackGroup, type FeedbackGroup } from './test-feedback';

/**
 * A mention typed by hand ("@Pat Peer") is a mention like one chosen from the
 * list: the server links it to the member it names (shared/mentions.ts) and
 * records it for their feed, on threads, edits and replies alike.
 */
describe('mentions typed by hand', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = (g: FeedbackGroup, as: TestUser, body: unknown) => server.api('POST', `/api/docs/${g.docId}/threads`, { as, body });
  const ids = (people: { id: string }[]) => people.map((person) => person.id);

  it('links a typed full name or unique first name to the member, and records it', async () => {
    const g = await feedbackGroup(server);
    const created = await post(g, g.member, commentBody({ body: 'Could @pat peer and @Rey look? Not @Nobody.' }));
    expect(created.status).toBe(201);
    expect(created.body.thread.body).toBe(`Could ${mentionToken(g.peer.user)} and ${mentionToken(g.reviewer.user)} look? Not @Nobody.`);
    expect(ids(created.body.thread.mentions)).toEqual([g.peer.user.id, g.reviewer.user.id]);

    const feed = await server.api('GET', '/api/feed', { as: g.peer });
    expect(feed.status).toBe(200);
    expect(feed.body.items.map((item: { needsYou: string | null; text: string }) => [item.needsYou, item.text])).toContainEqual([
      'mention',
      expect.stringContaining('@Pat Peer and @Rey Reviewer look?'),
    ]);

    const reply = await server.api('POST', `/api/threads/${created.body.thread.id}/replies`, { as: g.peer, body: { body: '@Ines Instructor, see this' } });
    expect(reply.body.reply.body).toBe(`${mentionToken(g.instructor.user)}, see this`);
    expect(ids(reply.body.reply.mentions)).toEqual([g.instructor.user.id]);

    const edited = await server.api('PATCH', `/api/threads/${created.body.thread.id}`, { as: g.member, body: { body: 'Only @Mia Member now' } });
    expect(edited.body.thread.body).toBe(`Only ${mentionToken(g.member.user)} now`);
    // The writer mentioning themself is kept as a token, not recorded.
    expect(edited.body.thread.mentions).toEqual([]);
  });

  it('leaves as text a name that means several members, and one of someone who may not read the feedback', async () => {
    const g = await feedbackGroup(server);
    const privately = await post(g, g.member, commentBody({ body: '@Rey Reviewer, and @Ines', visibility: 'instructors' }));
    expect(privately.status).toBe(201);
    expect(privately.body.thread.body).toBe(`@Rey Reviewer, and ${mentionToken(g.instructor.user)}`);
    expect(ids(privately.body.thread.mentions)).toEqual([g.instructor.user.id]);

    const [writer, samOne, samTwo] = await Promise.all(['Wren Writer', 'Sam One', 'Sam Two'].map((name) => server.createUser(name)));
    const { docId } = await createTestDoc(server, [writer!, samOne!, samTwo!].map((member) => ({ member, role: 'member' as const })));
    const shared = await server.api('POST', `/api/docs/${docId}/threads`, { as: writer!, body: commentBody({ body: '@Sam or @sam two?' }) });
    expect(shared.status).toBe(201);
    expect(shared.body.thread.body).toBe(`@Sam or ${mentionToken(samTwo!.user)}?`);
    expect(ids(shared.body.thread.mentions)).toEqual([samTwo!.user.id]);
  });
});
