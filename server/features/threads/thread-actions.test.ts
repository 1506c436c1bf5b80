import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplyActions, ThreadActions } from '../../../shared/schemas/threads';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { anchorOn, commentBody, feedbackGroup, type FeedbackGroup } from './test-feedback';

/**
 * A thread's and a reply's `can` is what the API then allows: for each role,
 * on their own feedback and on someone else's, in each state a thread can
 * be in, every action offered succeeds and every action withheld is refused.
 * The client shows buttons from these flags only, so a flag that lied would
 * be a button that fails or an action that cannot be reached.
 */

type Setup = (g: FeedbackGroup, author: TestUser) => Promise<string>;

describe('what a thread and a reply say their reader may do', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const ok = (status: number) => status >= 200 && status < 300;

  async function created(as: TestUser, docId: string, body: unknown): Promise<string> {
    const response = await server.api('POST', `/api/docs/${docId}/threads`, { as, body });
    expect(response.status).toBe(201);
    return response.body.thread.id as string;
  }

  async function changed(as: TestUser, threadId: string, body: unknown): Promise<void> {
    expect((await server.api('PATCH', `/api/threads/${threadId}`, { as, body })).status).toBe(200);
  }

  const suggestion = { kind: 'suggestion', replacement: 'red fox', anchor: anchorOn('brown fox') };

  /** Each state a thread can be in, made by `author` (an instructor decides what needs deciding). */
  const states: Record<string, Setup> = {
    'open comment': (g, author) => created(author, g.docId, commentBody()),
    'resolved comment': async (g, author) => {
      const id = await created(author, g.docId, commentBody());
      await changed(g.instructor, id, { status: 'resolved' });
      return id;
    },
    'open annotation': async (g, author) => {
      const tags = await server.api('GET', `/api/groups/${g.groupId}/tags`, { as: author });
      return created(author, g.docId, { kind: 'annotation', tag: tags.body.tags[0].id, anchor: anchorOn() });
    },
    'open suggestion': (g, author) => created(author, g.docId, suggestion),
    'rejected suggestion': async (g, author) => {
      const id = await created(author, g.docId, suggestion);
      await changed(g.instructor, id, { status: 'rejected' });
      return id;
    },
    'accepted suggestion': async (g, author) => {
      const id = await created(author, g.docId, suggestion);
      await changed(g.instructor, id, { status: 'accepted' });
      return id;
    },
    'deleted comment with a reply': async (g, author) => {
      const id = await created(author, g.docId, commentBody());
      expect((await server.api('POST', `/api/threads/${id}/replies`, { as: g.instructor, body: { body: 'Noted' } })).status).toBe(201);
      expect((await server.api('DELETE', `/api/threads/${id}`, { as: author })).status).toBe(204);
      return id;
    },
  };

  /** The request each flag promises. */
  const attempts: Record<keyof ThreadActions, (as: TestUser, id: string) => Promise<number>> = {
    reply: async (as, id) => (await server.api('POST', `/api/threads/${id}/replies`, { as, body: { body: 'A reply' } })).status,
    edit: async (as, id) => (await server.api('PATCH', `/api/threads/${id}`, { as, body: { body: 'Rewritten' } })).status,
    editReplacement: async (as, id) => (await server.api('PATCH', `/api/threads/${id}`, { as, body: { replacement: 'grey fox' } })).status,
    delete: async (as, id) => (await server.api('DELETE', `/api/threads/${id}`, { as })).status,
    resolve: async (as, id) => (await server.api('PATCH', `/api/threads/${id}`, { as, body: { status: 'resolved' } })).status,
    reopen: async (as, id) => (await server.api('PATCH', `/api/threads/${id}`, { as, body: { status: 'open' } })).status,
    accept: async (as, id) => (await server.api('PATCH', `/api/threads/${id}`, { as, body: { status: 'accepted' } })).status,
    reject: async (as, id) => (await server.api('PATCH', `/api/threads/${id}`, { as, body: { status: 'rejected' } })).status,
    reattach: async (as, id) => (await server.api('PATCH', `/api/threads/${id}`, { as, body: { anchor: anchorOn('lazy dog') } })).status,
  };

  /** Each role, reading their own feedback and someone else's. */
  const readers: [string, (g: FeedbackGroup) => { reader: TestUser; other: TestUser }][] = [
    ['instructor', (g) => ({ reader: g.instructor, other: g.member })],
    ['member', (g) => ({ reader: g.member, other: g.peer })],
    ['reviewer', (g) => ({ reader: g.reviewer, other: g.member })],
  ];

  describe.each(readers)('a thread, read by the %s', (_role, pick) => {
    it.each(Object.keys(states))('%s: every flag matches the API, on their own and on another’s', async (state) => {
      const g = await feedbackGroup(server, { sentence: true });
      const { reader, other } = pick(g);
      const setup = states[state]!;
      for (const author of [reader, other]) {
        const whose = author === reader ? 'own' : 'other’s';
        const id = await setup(g, author);
        const { can } = (await server.api('GET', `/api/threads/${id}`, { as: reader })).body.thread as { can: ThreadActions };
        const listed = (await server.api('GET', `/api/docs/${g.docId}/threads`, { as: reader })).body.threads as { id: string; can: ThreadActions }[];
        expect(listed.find((thread) => thread.id === id)?.can, 'the list says the same').toEqual(can);

        // What is withheld is refused, and changes nothing: try it all on this thread.
        for (const [action, attempt] of Object.entries(attempts)) {
          if (can[action as keyof ThreadActions]) continue;
          expect(ok(await attempt(reader, id)), `${whose} ${state}: ${action} is withheld`).toBe(false);
        }
        // What is offered works: each on a thread of its own in the same state.
        for (const [action, attempt] of Object.entries(attempts)) {
          if (!can[action as keyof ThreadActions]) continue;
          const fresh = await setup(g, author);
          expect(ok(await attempt(reader, fresh)), `${whose} ${state}: ${action} is offered`).toBe(true);
        }
      }
    });
  });

  it.each(readers)('a reply, read by the %s: edit and delete are offered on their own only, and work', async (_role, pick) => {
    const g = await feedbackGroup(server);
    const { reader, other } = pick(g);
    const threadId = await created(g.member, g.docId, commentBody());
    for (const author of [reader, other]) {
      const posted = await server.api('POST', `/api/threads/${threadId}/replies`, { as: author, body: { body: 'Mine' } });
      const replyId: string = posted.body.reply.id;
      const thread = (await server.api('GET', `/api/threads/${threadId}`, { as: reader })).body.thread;
      const { can } = thread.replies.find((reply: { id: string }) => reply.id === replyId) as { can: ReplyActions };
      expect(can).toEqual(author === reader ? { edit: true, delete: true } : { edit: false, delete: false });
      const edited = await server.api('PATCH', `/api/replies/${replyId}`, { as: reader, body: { body: 'Edited' } });
      expect(ok(edited.status)).toBe(can.edit);
      expect(ok((await server.api('DELETE', `/api/replies/${replyId}`, { as: reader })).status)).toBe(can.delete);
    }
  });
});
