import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackLimits } from '../../../shared/schemas/threads';
import { newId } from '../../db/ids';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { repliesPerPage } from './thread-reads';
import { commentBody, feedbackGroup } from './test-feedback';

/**
 * A page of a document's threads carries their replies: it holds at most
 * `repliesPerPage` of them, all threads together, and ends early with a
 * cursor rather than answer hundreds of threads of hundreds of replies at once.
 */
describe('a page of threads bounded by its replies', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('ends a page before the thread that would carry it past the cap, and reads the rest from its cursor', async () => {
    const g = await feedbackGroup(server);
    const { db } = server.domain.store;
    // As many replies as a thread may hold, nearly, in one thread more than fits in a page.
    const perThread = feedbackLimits.repliesPerThread - 50;
    const fitting = Math.floor(repliesPerPage / perThread);
    const threadIds: string[] = [];
    for (let i = 0; i <= fitting; i++) {
      const created = await server.api('POST', `/api/docs/${g.docId}/threads`, { as: g.member, body: commentBody({ body: `Thread ${i}` }) });
      expect(created.status).toBe(201);
      const threadId: string = created.body.thread.id;
      threadIds.push(threadId);
      const at = Date.now();
      const replies = Array.from({ length: perThread }, (_, n) => ({
        id: newId(),
        thread_id: threadId,
        author_id: g.peer.user.id,
        body: `Reply ${n}`,
        created_at: at + n,
        edited_at: null,
      }));
      for (let from = 0; from < replies.length; from += 200) await db.insertInto('thread_replies').values(replies.slice(from, from + 200)).execute();
    }

    const first = await server.api('GET', `/api/docs/${g.docId}/threads`, { as: g.member });
    expect(first.status).toBe(200);
    expect(first.body.threads.map((t: { id: string }) => t.id)).toEqual(threadIds.slice(0, fitting));
    const carried = first.body.threads.reduce((sum: number, t: { replies: unknown[] }) => sum + t.replies.length, 0);
    expect(carried).toBeLessThanOrEqual(repliesPerPage);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    // The counts still tell of every thread, whatever the page holds.
    expect(first.body.counts.byStatus.open).toBe(fitting + 1);

    const rest = await server.api('GET', `/api/docs/${g.docId}/threads?cursor=${encodeURIComponent(first.body.nextCursor)}`, { as: g.member });
    expect(rest.status).toBe(200);
    expect(rest.body.threads.map((t: { id: string }) => t.id)).toEqual(threadIds.slice(fitting));
    expect(rest.body.threads[0].replies).toHaveLength(perThread);
    expect(rest.body.nextCursor).toBeNull();
  });
});
