import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FeedResponse, FeedStreamEvent } from '../../../shared/schemas/activity';
import { activityKeys } from '../api/activity-queries';
import { FakeSource } from '../api/fake-event-source';
import { aFeed, anItem } from './feed-test-data';
import { LiveFeed } from './live-feed';

/** A feed load the test finishes when it wants (the server read it at some moment). */
function deferredLoad() {
  const loads: { resolve: (feed: FeedResponse) => void }[] = [];
  const load = vi.fn(() => new Promise<FeedResponse>((resolve) => loads.push({ resolve })));
  return { load, loads };
}

const feeds: LiveFeed[] = [];
function startFeed(load: () => Promise<FeedResponse>, options: { summaryDelayMs?: number } = {}) {
  const queryClient = new QueryClient();
  const sources: FakeSource<FeedStreamEvent>[] = [];
  const feed = new LiveFeed({
    queryClient,
    load,
    retryMs: () => 0,
    summaryDelayMs: options.summaryDelayMs ?? 60_000,
    open: (url) => (sources.push(new FakeSource<FeedStreamEvent>(url)), sources.at(-1)!),
  });
  feeds.push(feed);
  feed.start();
  const cached = () => queryClient.getQueryData<FeedResponse>(activityKeys.feed);
  return { feed, queryClient, sources, cached, source: () => sources.at(-1)! };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const ids = (feed: FeedResponse | undefined) => feed?.items.map((item) => item.id);

afterEach(() => {
  for (const feed of feeds.splice(0)) feed.stop();
  vi.useRealTimers();
});

describe('LiveFeed', () => {
  it('opens the feed’s stream and loads the feed once the stream is ready', async () => {
    const { load, loads } = deferredLoad();
    const { feed, source, cached } = startFeed(load);
    expect(source().url).toBe('/api/feed/stream');
    expect(feed.getSnapshot().status).toBe('connecting');
    source().send({ type: 'ready' });
    expect(feed.getSnapshot().status).toBe('live');
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
    loads[0]!.resolve(aFeed([anItem(2), anItem(1)]));
    await flush();
    expect(ids(cached())).toEqual([2, 1]);
  });

  it('merges an arriving item into the cache once, marks it new, and announces it', async () => {
    const { load, loads } = deferredLoad();
    const { feed, source, cached } = startFeed(load);
    source().send({ type: 'ready' });
    await flush();
    loads[0]!.resolve(aFeed([anItem(2, { needsYou: 'mention' }), anItem(1)]));
    await flush();

    source().send({ type: 'item', item: anItem(3, { text: 'Ana replied.' }) });
    source().send({ type: 'item', item: anItem(3, { text: 'Ana replied.' }) });
    expect(ids(cached())).toEqual([2, 3, 1]);
    expect(cached()?.unread).toBe(3);
    expect([...feed.getSnapshot().fresh]).toEqual([3]);
    expect(feed.getSnapshot().latest?.text).toBe('Ana replied.');
  });

  it('shows editing going on, announced once per session, until its finished item replaces it', async () => {
    const { load, loads } = deferredLoad();
    const { feed, source, cached } = startFeed(load);
    source().send({ type: 'ready' });
    await flush();
    loads[0]!.resolve(aFeed([anItem(1)]));
    await flush();

    const writing = (sections: string[]) =>
      anItem(-40, {
        type: 'edit-session',
        text: `Ana is writing in ${sections.join(' and ')} of Final report.`,
        sessionId: 'sessionsessionse',
        ongoing: { startedAt: 1_000, sections, moreSections: 0 },
      });
    source().send({ type: 'ongoing', item: writing(['Methods']) });
    expect(cached()?.ongoing?.map((item) => item.text)).toEqual(['Ana is writing in Methods of Final report.']);
    expect(feed.getSnapshot().latest?.text).toBe('Ana is writing in Methods of Final report.');
    // Not an unread item, and not new each time it names another heading.
    expect(cached()?.unread).toBe(1);
    source().send({ type: 'item', item: anItem(2, { text: 'Ben commented.' }) });
    source().send({ type: 'ongoing', item: writing(['Methods', 'Results']) });
    expect(cached()?.ongoing?.map((item) => item.text)).toEqual(['Ana is writing in Methods and Results of Final report.']);
    expect(feed.getSnapshot().latest?.text).toBe('Ben commented.');

    source().send({ type: 'item', item: anItem(3, { type: 'edit-session', text: 'Ana edited Final report: +9 words.', sessionId: 'sessionsessionse' }) });
    expect(cached()?.ongoing).toEqual([]);
    expect(ids(cached())).toEqual([3, 2, 1]);
  });

  it('keeps items that arrive while the feed loads, on top of a feed read before them', async () => {
    const { load, loads } = deferredLoad();
    const { source, cached, queryClient } = startFeed(load);
    queryClient.setQueryData<FeedResponse>(activityKeys.feed, aFeed([anItem(1)]));
    source().send({ type: 'ready' });
    await flush();
    // Shown at once…
    source().send({ type: 'item', item: anItem(5) });
    expect(ids(cached())).toEqual([5, 1]);
    // …and kept when the load, read before item 5 was written, lands.
    loads[0]!.resolve(aFeed([anItem(4), anItem(1)]));
    await flush();
    expect(ids(cached())).toEqual([5, 4, 1]);
    expect(cached()?.unread).toBe(3);
  });

  it('reloads for the summary once items stop arriving', async () => {
    vi.useFakeTimers();
    const { load, loads } = deferredLoad();
    const { source, cached } = startFeed(load, { summaryDelayMs: 1000 });
    source().send({ type: 'ready' });
    await vi.advanceTimersByTimeAsync(0);
    loads[0]!.resolve(aFeed([anItem(1)]));
    await vi.advanceTimersByTimeAsync(0);

    source().send({ type: 'item', item: anItem(2) });
    await vi.advanceTimersByTimeAsync(600);
    source().send({ type: 'item', item: anItem(3) });
    await vi.advanceTimersByTimeAsync(600);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(400);
    expect(load).toHaveBeenCalledTimes(2);
    loads[1]!.resolve(aFeed([anItem(3), anItem(2), anItem(1)], { sentences: ['Ana commented twice.'] }));
    await vi.advanceTimersByTimeAsync(0);
    expect(cached()?.sentences).toEqual(['Ana commented twice.']);
    expect(ids(cached())).toEqual([3, 2, 1]);
  });

  it('skips messages it does not understand', async () => {
    const { load } = deferredLoad();
    const { source, cached } = startFeed(load);
    source().send('not json');
    source().send(JSON.stringify({ type: 'item', item: { id: 'x' } }));
    expect(cached()).toBeUndefined();
  });

  it('stops after the session ends, and reopens a stream the browser gave up on', async () => {
    const { load } = deferredLoad();
    const first = startFeed(load);
    first.source().fail(true);
    expect(first.feed.getSnapshot().status).toBe('reconnecting');
    await flush();
    expect(first.sources).toHaveLength(2);

    first.source().send({ type: 'end', reason: 'session-ended' });
    expect(first.feed.getSnapshot().status).toBe('ended');
    expect(first.source().readyState).toBe(2);
  });
});
