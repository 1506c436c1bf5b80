import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentionToken } from '../../../shared/mentions';
import type { NotificationsResponse } from '../../../shared/schemas/notification-inbox';
import { testClock } from '../../testing/test-clock';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { anchorOn, commentBody, feedbackGroup, type FeedbackGroup } from '../threads/test-feedback';

/**
 * Notifications are recorded with their cause, for the people the feed says
 * it needs (plus earlier repliers and a suggestion's author on a decision),
 * never for the actor, never for someone who may not see the thread, once
 * per cause; and each member's inbox holds only their own.
 */
describe('notifications', () => {
  let server: TestServer;
  let t: FeedbackGroup;
  const clock = testClock();

  beforeAll(async () => {
    server = await startTestServer({}, { now: clock.now });
    t = await feedbackGroup(server, { sentence: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  const inbox = async (as: TestUser, query = '') => {
    const response = await server.api<NotificationsResponse>('GET', `/api/notifications${query}`, { as });
    expect(response.status).toBe(200);
    return response.body;
  };
  const post = async (as: TestUser, path: string, body: unknown) => {
    const response = await server.api('POST', path, { as, body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  };
  const comment = async (as: TestUser, overrides: Record<string, unknown> = {}) =>
    (await post(as, `/api/docs/${t.docId}/threads`, commentBody(overrides))).thread as { id: string };
  const reply = async (as: TestUser, threadId: string, body: string) => {
    clock.advance(1000);
    return (await post(as, `/api/threads/${threadId}/replies`, { body })).reply as { id: string };
  };
  const rows = (userId: string) =>
    server.domain.store.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();

  it('tells a thread’s author of a reply, with a sentence and a link to the reply, and those who replied before', async () => {
    const thread = await comment(t.member, { body: 'Is the intro too long?' });
    const first = await reply(t.peer, thread.id, 'A little <b>long</b>.');
    const second = await reply(t.reviewer, thread.id, 'I agree.');

    const mine = await inbox(t.member);
    expect(mine.unread).toBeGreaterThanOrEqual(2);
    expect(mine.items.slice(0, 2)).toEqual([
      {
        id: expect.any(String),
        kind: 'replies',
        text: 'Rey Reviewer replied to your comment on Test document: “I agree.”',
        link: `/docs/${t.docId}?thread=${thread.id}&reply=${second.id}`,
        at: expect.any(Number),
        read: false,
      },
      expect.objectContaining({
        text: 'Pat Peer replied to your comment on Test document: “A little <b>long</b>.”',
        link: `/docs/${t.docId}?thread=${thread.id}&reply=${first.id}`,
      }),
    ]);
    // Pat replied before Rey, so hears of Rey's reply; nobody hears of their own.
    const peers = await rows(t.peer.user.id);
    expect(peers.map((n) => n.text)).toEqual(['Rey Reviewer replied to Mia Member’s comment on Test document: “I agree.”']);
    expect((await rows(t.reviewer.user.id)).filter((n) => n.thread_id === thread.id)).toEqual([]);
  });

  it('tells a member an edit mentions for the first time, once, in a comment and in a reply', async () => {
    const thread = await comment(t.member, { body: 'Who checks the sources?' });
    const reply_ = await reply(t.member, thread.id, 'Anyone?');
    const mentionsOf = async (user: TestUser) => (await rows(user.user.id)).filter((n) => n.thread_id === thread.id && n.kind === 'mentions');
    expect(await mentionsOf(t.peer)).toEqual([]);

    const edit = async (path: string, body: string) => {
      const response = await server.api('PATCH', path, { as: t.member, body: { body } });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    };
    await edit(`/api/threads/${thread.id}`, `Who checks the sources, ${mentionToken(t.peer.user)}?`);
    expect((await mentionsOf(t.peer)).map((n) => n.text)).toEqual([`Mia Member mentioned you in a comment on Test document: “Who checks the sources, @Pat Peer?”`]);
    // Left out and mentioned again: not told twice; another edit that keeps the mention: not told again.
    await edit(`/api/threads/${thread.id}`, 'Who checks the sources?');
    await edit(`/api/threads/${thread.id}`, `Who checks them, ${mentionToken(t.peer.user)}?`);
    expect(await mentionsOf(t.peer)).toHaveLength(1);

    await edit(`/api/replies/${reply_.id}`, `Anyone? ${mentionToken(t.peer.user)}`);
    const both = await mentionsOf(t.peer);
    expect(both).toHaveLength(2);
    expect(both[1]!.link).toBe(`/docs/${t.docId}?thread=${thread.id}&reply=${reply_.id}`);
  });

  it('tells the writer of the text a comment is on, and a member mentioned, once each', async () => {
    const thread = await comment(t.member, { body: `Look at this, ${mentionToken(t.peer.user)} and ${mentionToken(t.instructor.user)}.` });
    const forPeer = (await rows(t.peer.user.id)).filter((n) => n.thread_id === thread.id);
    expect(forPeer).toEqual([
      expect.objectContaining({ kind: 'mentions', text: 'Mia Member mentioned you in a comment on Test document: “Look at this, @Pat Peer and @Ines Instructor.”' }),
    ]);
    // The instructor wrote the sentence and is mentioned: one notification, for the first reason (the mention).
    const forInstructor = (await rows(t.instructor.user.id)).filter((n) => n.thread_id === thread.id);
    expect(forInstructor.map((n) => n.kind)).toEqual(['mentions']);

    const plain = await comment(t.peer, { body: 'Nice wording.' });
    expect((await rows(t.instructor.user.id)).filter((n) => n.thread_id === plain.id)).toEqual([
      expect.objectContaining({ kind: 'suggestions', text: 'Pat Peer commented on your text in Test document: “Nice wording.”' }),
    ]);
  });

  it('tells a suggestion’s author of its rejection', async () => {
    const { thread } = await post(t.member, `/api/docs/${t.docId}/threads`, { kind: 'suggestion', body: '', replacement: 'red fox', anchor: anchorOn('brown fox') });
    clock.advance(1000);
    const decided = await server.api('PATCH', `/api/threads/${thread.id}`, { as: t.instructor, body: { status: 'rejected' } });
    expect(decided.status).toBe(200);
    expect((await rows(t.member.user.id)).filter((n) => n.thread_id === thread.id)).toEqual([
      expect.objectContaining({ kind: 'decisions', text: 'Ines Instructor rejected your suggestion on Test document: “red fox”' }),
    ]);
    // The instructor wrote "brown fox": the suggestion on it told them too.
    expect((await rows(t.instructor.user.id)).filter((n) => n.thread_id === thread.id)).toEqual([
      expect.objectContaining({ kind: 'suggestions', text: 'Mia Member suggested replacing “brown fox” with “red fox” in your text in Test document.' }),
    ]);
  });

  it('tells nobody of private feedback who may not see it, even one who could when they replied', async () => {
    const [second] = await server.createUsers('Ida Instructor');
    await server.domain.store.db.insertInto('memberships').values({ group_id: t.groupId, user_id: second.user.id, role: 'instructor', created_at: clock.now() }).execute();
    const thread = await comment(t.member, { body: 'Private worry.', visibility: 'instructors', anchor: anchorOn('lazy dog') });
    await reply(second, thread.id, 'Noted.');
    await server.domain.store.db.updateTable('memberships').set({ role: 'member' }).where('user_id', '=', second.user.id).where('group_id', '=', t.groupId).execute();
    await reply(t.member, thread.id, 'Thanks, and more worry.');

    expect((await rows(t.member.user.id)).filter((n) => n.thread_id === thread.id).map((n) => n.text)).toEqual([
      'Ida Instructor replied to your comment on Test document: “Noted.”',
    ]);
    for (const user of [second, t.peer, t.reviewer, t.outsider]) {
      expect((await rows(user.user.id)).filter((n) => n.thread_id === thread.id), user.user.name).toEqual([]);
    }
  });

  it('pages newest first, and marks read only the caller’s own', async () => {
    const all = await inbox(t.member, '?limit=200');
    const firstPage = await inbox(t.member, '?limit=2');
    expect(firstPage.items).toEqual(all.items.slice(0, 2));
    const next = await inbox(t.member, `?limit=2&cursor=${firstPage.nextCursor}`);
    expect(next.items).toEqual(all.items.slice(2, 4));
    expect((await server.api('GET', '/api/notifications?cursor=nope', { as: t.member })).status).toBe(400);

    const peerItem = (await inbox(t.peer)).items[0]!;
    const marked = await server.api('POST', '/api/notifications/read', { as: t.member, body: { ids: [all.items[0]!.id, peerItem.id] } });
    expect(marked.body).toEqual({ unread: all.unread - 1 });
    expect((await inbox(t.peer)).items[0]).toEqual(peerItem);
    expect((await inbox(t.member)).items[0]!.read).toBe(true);

    expect((await server.api('POST', '/api/notifications/read', { as: t.member, body: { all: true } })).body).toEqual({ unread: 0 });
    expect((await server.api('POST', '/api/notifications/read', { as: t.member, body: { all: false } })).status).toBe(400);
    expect((await server.api('GET', '/api/notifications', { as: null })).status).toBe(401);
  });
});
