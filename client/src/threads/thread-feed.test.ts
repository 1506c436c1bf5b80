import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ThreadStreamEvent } from '../../../shared/schemas/threads';
import { FakeSource } from '../api/fake-event-source';
import type { ThreadList } from '../api/feedback-endpoints';
import { queryKeys } from '../api/queries';
import { ThreadFeed } from './thread-feed';
import { aReply, aThread } from './thread-test-data';

const docId = 'docdocdocdocdocd';
// Stream events are checked against the schema: their ids must look like ids.
const t1 = 'threadoneaaaaaaa';
const t2 = 'threadtwoaaaaaaa';
const r1 = 'replyoneaaaaaaaa';

/** A list load the test finishes when it wants (the server read it at some moment). */
function deferredLoad() {
  const loads: { resolve: (list: ThreadList) => void }[] = [];
  const load = vi.fn(() => new Promise<ThreadList>((resolve) => loads.push({ resolve })));
  return { load, loads };
}

const feeds: ThreadFeed[] = [];
function startFeed(load: (docId: string) => Promise<ThreadList>, retryMs = () => 0) {
  const queryClient = new QueryClient();
  const sources: FakeSource<ThreadStreamEvent>[] = [];
  const feed = new ThreadFeed({ docId, queryClient, load, retryMs, open: (url) => (sources.push(new FakeSource<ThreadStreamEvent>(url)), sources.at(-1)!) });
  feeds.push(feed);
  feed.start();
  const cached = () => queryClient.getQueryData<ThreadList>(queryKeys.threads(docId));
  return { feed, queryClient, sources, cached, source: () => sources.at(-1)! };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  for (const feed of feeds.splice(0)) feed.stop();
});

describe('ThreadFeed', () => {
  it('opens the document’s stream and loads the list once the stream is ready', async () => {
    const { load, loads } = deferredLoad();
    const { feed, source, cached } = startFeed(load);
    expect(source().url).toBe(`/api/docs/${docId}/threads/stream`);
    expect(feed.getSnapshot()).toBe('connecting');
    source().send({ type: 'ready' });
    expect(feed.getSnapshot()).toBe('live');
    await flush();
    expect(load).toHaveBeenCalledWith(docId);
    loads[0]!.resolve({ threads: [aThread(t1)] });
    await flush();
    expect(cached()?.threads.map((t) => t.id)).toEqual([t1]);
  });

  it('keeps changes that arrive while the list loads, on top of a list read before them', async () => {
    const { load, loads } = deferredLoad();
    const { source, cached, queryClient } = startFeed(load);
    queryClient.setQueryData<ThreadList>(queryKeys.threads(docId), { threads: [aThread(t1)] });
    source().send({ type: 'ready' });
    await flush();
    // Shown at once…
    source().send({ type: 'thread', thread: aThread(t2, { createdAt: 2 }) });
    source().send({ type: 'reply', reply: aReply(r1, t1) });
    expect(cached()?.threads.map((t) => [t.id, t.replies.length])).toEqual([
      [t1, 1],
      [t2, 0],
    ]);
    // …and not lost when the (older) list arrives.
    loads[0]!.resolve({ threads: [aThread(t1)] });
    await flush();
    expect(cached()?.threads.map((t) => [t.id, t.replies.length])).toEqual([
      [t1, 1],
      [t2, 0],
    ]);
    // Later changes apply as they come.
    source().send({ type: 'thread-deleted', threadId: t2 });
    source().send({ type: 'reply-deleted', threadId: t1, replyId: r1 });
    expect(cached()?.threads.map((t) => [t.id, t.replies.length])).toEqual([[t1, 0]]);
  });

  it('skips messages it cannot read', async () => {
    const { source, cached } = startFeed(async () => ({ threads: [aThread(t1)] }));
    source().send({ type: 'ready' });
    await flush();
    source().send('not json');
    source().send(JSON.stringify({ type: 'thread', thread: { id: 'forged' } }));
    source().send(JSON.stringify({ type: 'surprise' }));
    expect(cached()?.threads.map((t) => t.id)).toEqual([t1]);
  });

  it('stops for good when the session ends or access is revoked, and waits to reconnect after a role change', async () => {
    for (const reason of ['session-ended', 'access-revoked'] as const) {
      const { feed, source } = startFeed(async () => ({ threads: [] }));
      source().send({ type: 'ready' });
      source().send({ type: 'end', reason });
      expect(feed.getSnapshot()).toBe('ended');
      expect(source().readyState).toBe(2);
    }
    const { feed, source } = startFeed(async () => ({ threads: [] }));
    source().send({ type: 'ready' });
    source().send({ type: 'end', reason: 'role-changed' });
    expect(feed.getSnapshot()).toBe('reconnecting');
    expect(source().readyState).not.toBe(2);
  });

  it('waits for the browser to reconnect after a drop, and opens a new stream when the browser gave up', async () => {
    const load = vi.fn(async () => ({ threads: [aThread(t1)] }));
    const { feed, sources, source } = startFeed(load);
    source().send({ type: 'ready' });
    source().send({ type: 'end', reason: 'server-stopping' });
    expect(feed.getSnapshot()).toBe('reconnecting');
    source().fail(false);
    expect(sources).toHaveLength(1);
    // An HTTP error (a restarting server) closes the EventSource for good: the feed opens another.
    source().fail(true);
    await flush();
    expect(sources).toHaveLength(2);
    source().send({ type: 'ready' });
    expect(feed.getSnapshot()).toBe('live');
    await flush();
    // Each ready reloads the list.
    expect(load).toHaveBeenCalledTimes(2);
  });
});
