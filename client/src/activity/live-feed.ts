import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { feedStreamEvent, type FeedItem, type FeedResponse, type FeedStreamEvent } from '../../../shared/schemas/activity';
import { readFeed } from '../api/activity-endpoints';
import { activityKeys } from '../api/activity-queries';
import { pathTo } from '../api/http';
import { LiveStream, type EventSourceLike, type StreamStatus } from '../api/live-stream';
import { mergeItems } from './feed-cache';

/** What the digest says about live updates. */
export type LiveStatus = StreamStatus;

export type { EventSourceLike };

export interface LiveSnapshot {
  status: LiveStatus;
  /** Ids of items that arrived on the stream while the page was open (shown as new). */
  fresh: ReadonlySet<number>;
  /** The last item that arrived, for the live region. */
  latest: FeedItem | null;
}

export interface LiveFeedOptions {
  queryClient: QueryClient;
  open?: (url: string) => EventSourceLike;
  load?: () => Promise<FeedResponse>;
  /** Delay before reopening a stream the browser gave up on (an HTTP error while the server restarts). */
  retryMs?: (attempt: number) => number;
  /**
   * Quiet time after the last new item before the feed is reloaded for its
   * summary sentences and counts, which only the server writes.
   */
  summaryDelayMs?: number;
}

/**
 * Keeps the cached feed current from `GET /api/feed/stream` (the stream's
 * loading, catching up and reconnecting: api/live-stream.ts). Merging an item
 * twice changes nothing (feed-cache.ts), as the stream needs.
 */
export class LiveFeed {
  readonly #stream: LiveStream<FeedStreamEvent, FeedItem, FeedResponse, LiveSnapshot>;
  readonly #summaryDelayMs: number;
  readonly #queryClient: QueryClient;
  #summaryTimer: ReturnType<typeof setTimeout> | null = null;
  readonly subscribe: (listener: () => void) => () => void;
  readonly getSnapshot: () => LiveSnapshot;

  constructor(options: LiveFeedOptions) {
    this.#stream = new LiveStream<FeedStreamEvent, FeedItem, FeedResponse, LiveSnapshot>({
      url: pathTo('GET /api/feed/stream'),
      schema: feedStreamEvent,
      receive: (event) => this.receive(event),
      queryClient: options.queryClient,
      queryKey: activityKeys.feed,
      load: options.load ?? readFeed,
      merge: mergeItems,
      snapshot: { status: 'connecting', fresh: new Set(), latest: null },
      withStatus: (snapshot, status) => ({ ...snapshot, status }),
      open: options.open,
      retryMs: options.retryMs,
    });
    this.subscribe = this.#stream.subscribe;
    this.getSnapshot = this.#stream.getSnapshot;
    this.#summaryDelayMs = options.summaryDelayMs ?? 1500;
    this.#queryClient = options.queryClient;
  }

  start(): void {
    this.#stream.start();
  }

  stop(): void {
    if (this.#summaryTimer) clearTimeout(this.#summaryTimer);
    this.#stream.stop();
  }

  /** One message of the stream (exposed for tests through a fake EventSource). */
  receive(event: FeedStreamEvent): Promise<void> | void {
    switch (event.type) {
      case 'ready':
        return this.#stream.ready();
      case 'end':
        this.#stream.end(event.reason);
        return;
      case 'item':
        this.#arrived(event.item);
        return;
      case 'ongoing':
        this.#writing(event.item);
    }
  }

  /** Loads the feed, keeping what arrives meanwhile; a newer load supersedes an older one. */
  reload(): Promise<void> {
    return this.#stream.reload();
  }

  #arrived(item: FeedItem): void {
    this.#stream.apply(item);
    this.#stream.update((snapshot) => ({ ...snapshot, fresh: new Set(snapshot.fresh).add(item.id), latest: item }));
    this.#summaryLater();
  }

  /** Someone's editing going on: announced when their session first shows, not each time it names another heading. */
  #writing(item: FeedItem): void {
    const shown = this.#queryClient.getQueryData<FeedResponse>(activityKeys.feed)?.ongoing?.some((known) => known.sessionId === item.sessionId);
    this.#stream.apply(item);
    if (!shown) this.#stream.update((snapshot) => ({ ...snapshot, latest: item }));
    this.#summaryLater();
  }

  /** Reloads the feed once nothing has arrived for a while, for the server's summary and counts. */
  #summaryLater(): void {
    if (this.#summaryTimer) clearTimeout(this.#summaryTimer);
    this.#summaryTimer = setTimeout(() => {
      this.#summaryTimer = null;
      void this.reload();
    }, this.#summaryDelayMs);
  }
}

/** Follows the live feed while mounted (the home page); returns its status and the items that arrived. */
export function useLiveFeed(): LiveSnapshot {
  const queryClient = useQueryClient();
  const [feed, setFeed] = useState<LiveFeed | null>(null);
  useEffect(() => {
    const opened = new LiveFeed({ queryClient });
    opened.start();
    setFeed(opened);
    return () => {
      opened.stop();
      setFeed(null);
    };
  }, [queryClient]);
  return useSyncExternalStore(feed?.subscribe ?? noSubscription, feed?.getSnapshot ?? connecting);
}

const noSubscription = () => () => undefined;
const connectingSnapshot: LiveSnapshot = { status: 'connecting', fresh: new Set(), latest: null };
const connecting = (): LiveSnapshot => connectingSnapshot;
