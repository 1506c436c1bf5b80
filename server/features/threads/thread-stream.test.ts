import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadStreamEvent } from '../../../shared/schemas/threads';
import { AccessEvents } from '../../access-events';
import { waitFor } from '../../sync/test-clients';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { commentBody, feedbackGroup, openStream, replyForAnyReader, type StreamReader, threadForAnyReader } from './test-feedback';
import { LocalThreadEvents } from './thread-events';
import { type StreamSink, ThreadStreams } from './thread-stream';

/**
 * The live stream of a document's feedback: what one person does reaches
 * everyone with the document open within a second, never someone who may not
 * see it, each with what they may do with it, and a stream ends when its
 * reader loses access.
 */
describe('GET /api/docs/:docId/threads/stream', () => {
  let server: TestServer;
  const open: StreamReader[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => {
    for (const reader of open.splice(0)) reader.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function subscribe(docId: string, user: TestUser): Promise<StreamReader> {
    const reader = await openStream(server, docId, user);
    expect(reader.status).toBe(200);
    open.push(reader);
    return reader;
  }

  /** Runs `act`, then the event it causes, and how long after the request it arrived. */
  async function timed<T>(reader: StreamReader, what: string, matches: (event: ThreadStreamEvent) => boolean, act: () => Promise<T>) {
    const started = performance.now();
    const [result, event] = await Promise.all([act(), reader.next(what, matches)]);
    return { result, event, ms: performance.now() - started };
  }

  it('is text/event-stream that starts with ready', async () => {
    const g = await feedbackGroup(server);
    const response = await fetch(`${server.url}/api/docs/${g.docId}/threads/stream`, { headers: { cookie: g.member.cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const { value } = await reader.read();
    expect(value).toBe('data: {"type":"ready"}\nretry: 2000\n\n');
    await reader.cancel();
  });

  it('delivers new threads, replies, status changes, edits and deletions within a second', async () => {
    const g = await feedbackGroup(server);
    const watcher = await subscribe(g.docId, g.reviewer);

    const created = await timed(watcher, 'new thread', (e) => e.type === 'thread', () =>
      server.api('POST', `/api/docs/${g.docId}/threads`, { as: g.member, body: commentBody({ body: 'Live!' }) }),
    );
    const thread = created.result.body.thread;
    expect(created.event).toEqual({ type: 'thread', thread: threadForAnyReader(thread) });
    expect(created.ms).toBeLessThan(1000);

    const replied = await timed(watcher, 'reply', (e) => e.type === 'reply', () =>
      server.api('POST', `/api/threads/${thread.id}/replies`, { as: g.peer, body: { body: 'Seen it' } }),
    );
    expect(replied.event).toEqual({ type: 'reply', reply: replyForAnyReader(replied.result.body.reply) });
    expect(replied.ms).toBeLessThan(1000);

    const resolved = await timed(watcher, 'resolved', (e) => e.type === 'thread' && e.thread.status === 'resolved', () =>
      server.api('PATCH', `/api/threads/${thread.id}`, { as: g.instructor, body: { status: 'resolved' } }),
    );
    expect(resolved.event).toEqual({ type: 'thread', thread: threadForAnyReader(resolved.result.body.thread) });
    expect(resolved.result.body.thread.replies).toHaveLength(1);
    expect(resolved.ms).toBeLessThan(1000);

    const replyId = replied.result.body.reply.id;
    const editedReply = await timed(watcher, 'edited reply', (e) => e.type === 'reply' && e.reply.editedAt !== null, () =>
      server.api('PATCH', `/api/replies/${replyId}`, { as: g.peer, body: { body: 'Seen it, agreed' } }),
    );
    expect(editedReply.ms).toBeLessThan(1000);

    const replyGone = await timed(watcher, 'reply deleted', (e) => e.type === 'reply-deleted', () =>
      server.api('DELETE', `/api/replies/${replyId}`, { as: g.peer }),
    );
    expect(replyGone.event).toEqual({ type: 'reply-deleted', threadId: thread.id, replyId });

    const threadGone = await timed(watcher, 'thread deleted', (e) => e.type === 'thread-deleted', () =>
      server.api('DELETE', `/api/threads/${thread.id}`, { as: g.member }),
    );
    expect(threadGone.event).toEqual({ type: 'thread-deleted', threadId: thread.id });
    expect(threadGone.ms).toBeLessThan(1000);
  });

  it('sends nothing of another document', async () => {
    const g = await feedbackGroup(server);
    const h = await feedbackGroup(server);
    const watcher = await subscribe(g.docId, g.member);
    await server.api('POST', `/api/docs/${h.docId}/threads`, { as: h.member, body: commentBody({ body: 'elsewhere' }) });
    const here = await server.api('POST', `/api/docs/${g.docId}/threads`, { as: g.peer, body: commentBody({ body: 'here' }) });
    const event = await watcher.next('the thread here', (e) => e.type === 'thread');
    expect(event).toEqual({ type: 'thread', thread: threadForAnyReader(here.body.thread) });
  });

  it('never sends instructors-only feedback to a member who did not write it; its author and instructors get it', async () => {
    const g = await feedbackGroup(server);
    const peer = await subscribe(g.docId, g.peer);
    const reviewer = await subscribe(g.docId, g.reviewer);
    const author = await subscribe(g.docId, g.member);
    const instructor = await subscribe(g.docId, g.instructor);
    const secret = (
      await server.api('POST', `/api/docs/${g.docId}/threads`, {
        as: g.member,
        body: commentBody({ body: 'Private note', visibility: 'instructors' }),
      })
    ).body.thread;
    await server.api('POST', `/api/threads/${secret.id}/replies`, { as: g.instructor, body: { body: 'Private answer' } });
    await server.api('PATCH', `/api/threads/${secret.id}`, { as: g.instructor, body: { status: 'resolved' } });
    // Then something everyone may see: it arriving first proves nothing private came before it.
    const visible = (await server.api('POST', `/api/docs/${g.docId}/threads`, { as: g.peer, body: commentBody({ body: 'Public' }) })).body
      .thread;

    for (const reader of [peer, reviewer]) {
      const first = await reader.next('the public thread', () => true);
      expect(first).toEqual({ type: 'thread', thread: threadForAnyReader(visible) });
      expect(JSON.stringify(reader.events)).not.toContain('Private');
    }
    for (const reader of [author, instructor]) {
      expect(await reader.next('private thread', () => true)).toEqual({ type: 'thread', thread: threadForAnyReader(secret) });
      expect(await reader.next('private reply', () => true)).toMatchObject({ type: 'reply', reply: { body: 'Private answer' } });
      expect(await reader.next('private resolution', () => true)).toMatchObject({ type: 'thread', thread: { status: 'resolved' } });
      expect(await reader.next('public thread', () => true)).toEqual({ type: 'thread', thread: threadForAnyReader(visible) });
    }
  });

  it('tells each reader what they may do with a thread and its replies, as their own requests are answered', async () => {
    const g = await feedbackGroup(server);
    const readers = [g.member, g.peer, g.reviewer, g.instructor];
    const streams = await Promise.all(readers.map((user) => subscribe(g.docId, user)));
    const posted = await server.api('POST', `/api/docs/${g.docId}/threads`, { as: g.member, body: commentBody() });
    const threadId: string = posted.body.thread.id;
    const reply = await server.api('POST', `/api/threads/${threadId}/replies`, { as: g.reviewer, body: { body: 'Agreed' } });
    expect(reply.status).toBe(201);

    const seen = new Set<string>();
    for (const [at, user] of readers.entries()) {
      const stream = streams[at]!;
      const threadEvent = await stream.next('the thread', (e) => e.type === 'thread');
      const replyEvent = await stream.next('the reply', (e) => e.type === 'reply');
      const own = (await server.api('GET', `/api/threads/${threadId}`, { as: user })).body.thread;
      if (threadEvent.type !== 'thread' || replyEvent.type !== 'reply') throw new Error('unexpected events');
      expect(threadEvent.thread.can).toEqual(own.can);
      expect(replyEvent.reply.can).toEqual(own.replies[0].can);
      seen.add(JSON.stringify([threadEvent.thread.can, replyEvent.reply.can]));
    }
    // The author, another member, a reviewer and an instructor may not all do the same.
    expect(seen.size).toBeGreaterThan(2);
  });

  it('ends when the member is removed from the group, and cannot be reopened', async () => {
    const g = await feedbackGroup(server);
    const reader = await subscribe(g.docId, g.member);
    const removed = await server.api('DELETE', `/api/groups/${g.groupId}/members/${g.member.user.id}`, { as: g.instructor });
    expect(removed.status).toBe(204);
    expect(await reader.next('end', (e) => e.type === 'end')).toEqual({ type: 'end', reason: 'access-revoked' });
    await reader.ended;
    expect((await openStream(server, g.docId, g.member)).status).toBe(404);
  });

  it('ends when the session ends, or the role changes', async () => {
    const g = await feedbackGroup(server);
    const loggedOut = await subscribe(g.docId, g.member);
    const demoted = await subscribe(g.docId, g.peer);
    const bystander = await subscribe(g.docId, g.reviewer);
    await server.api('POST', '/api/auth/logout', { as: g.member });
    expect(await loggedOut.next('end', (e) => e.type === 'end')).toEqual({ type: 'end', reason: 'session-ended' });
    await server.api('PATCH', `/api/groups/${g.groupId}/members/${g.peer.user.id}`, { as: g.instructor, body: { role: 'reviewer' } });
    expect(await demoted.next('end', (e) => e.type === 'end')).toEqual({ type: 'end', reason: 'role-changed' });
    await Promise.all([loggedOut.ended, demoted.ended]);

    // Others on the document are unaffected.
    const after = (await server.api('POST', `/api/docs/${g.docId}/threads`, { as: g.instructor, body: commentBody() })).body.thread;
    expect(await bystander.next('thread after', () => true)).toEqual({ type: 'thread', thread: threadForAnyReader(after) });
    expect(server.domain.threadStreams.count(g.docId)).toBe(1);
  });

  it('forgets a subscriber whose reader went away', async () => {
    const g = await feedbackGroup(server);
    const reader = await openStream(server, g.docId, g.member);
    expect(server.domain.threadStreams.count(g.docId)).toBe(1);
    reader.close();
    await waitFor('the subscriber to be forgotten', () => server.domain.threadStreams.count(g.docId) === 0);
  });

  it('is refused without a session (401) or membership (404)', async () => {
    const g = await feedbackGroup(server);
    expect((await openStream(server, g.docId, null)).status).toBe(401);
    for (const docId of [g.docId, 'aaaaaaaaaaaaaaaa', 'not-an-id']) {
      expect((await openStream(server, docId, g.outsider)).status).toBe(404);
    }
  });
});

describe('ThreadStreams', () => {
  /** A sink that records what is written; `stalled` makes the reader never take an event. */
  function sinkFor(options: { stalled?: boolean } = {}) {
    const written: ThreadStreamEvent[] = [];
    const state = { keepAlives: 0, closed: false, aborted: false };
    const sink: StreamSink = {
      send: (event) => {
        if (options.stalled) return new Promise(() => {});
        written.push(event);
        return Promise.resolve();
      },
      keepAlive: async () => {
        state.keepAlives += 1;
      },
      close: async () => {
        state.closed = true;
      },
      abort: () => {
        state.aborted = true;
      },
    };
    return { sink, written, state };
  }
  const place = { docId: 'dddddddddddddddd', groupId: 'gggggggggggggggg', role: 'member' as const };
  const caller = { userId: 'uuuuuuuuuuuuuuuu', sessionId: 'ssssssssssssssss' };

  it('sends heartbeats while the stream is idle', async () => {
    const streams = new ThreadStreams(new LocalThreadEvents(), new AccessEvents(), { heartbeatMs: 10, maxQueued: 10 });
    const { sink, state } = sinkFor();
    const subscription = streams.admit(caller).open(place, sink);
    await waitFor('two heartbeats', () => state.keepAlives >= 2);
    subscription.drop();
    await streams.stop();
  });

  it('cuts off a reader that stops reading, rather than queueing without end', async () => {
    const events = new LocalThreadEvents();
    const streams = new ThreadStreams(events, new AccessEvents(), { heartbeatMs: 60_000, maxQueued: 3 });
    const { sink, state } = sinkFor({ stalled: true });
    const subscription = streams.admit(caller).open(place, sink);
    for (let i = 0; i < 5; i++) {
      events.publish({
        ...place,
        audience: { visibility: 'group', authorId: caller.userId },
        event: { type: 'thread-deleted', threadId: 'tttttttttttttttt' },
      });
    }
    await subscription.done;
    expect(state.aborted).toBe(true);
    expect(streams.count(place.docId)).toBe(0);
    await streams.stop();
  });

  it('ends at once a stream whose access was revoked while it was being checked', async () => {
    const accessEvents = new AccessEvents();
    const streams = new ThreadStreams(new LocalThreadEvents(), accessEvents);
    const admission = streams.admit(caller);
    // Between the access check and the stream opening, the member is removed.
    accessEvents.publish({ type: 'membership-changed', groupId: place.groupId, userId: caller.userId, role: null });
    const { sink, written, state } = sinkFor();
    await admission.open(place, sink).done;
    expect(written).toEqual([{ type: 'ready' }, { type: 'end', reason: 'access-revoked' }]);
    expect(state.closed).toBe(true);
    await streams.stop();
  });

  it('ends every stream when the server stops', async () => {
    const other = await startTestServer();
    const g = await feedbackGroup(other);
    const reader = await openStream(other, g.docId, g.member);
    const stopped = other.close();
    expect(await reader.next('end', (e) => e.type === 'end')).toEqual({ type: 'end', reason: 'server-stopping' });
    await reader.ended;
    await stopped;
  });
});
