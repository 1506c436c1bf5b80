import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { feedStreamEvent, type FeedItem, type FeedResponse, type FeedStreamEvent } from '../../../shared/schemas/activity';
import { activityApi, feedStreamPath } from '../api/activity-endpoints';
import { activityKeys } from '../api/activity-queries';
import { mergeItems } from './feed-cache';

/** What the digest says about live updates. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'ended';

export interface LiveSnapshot {
  status: LiveStatus;
  /** Ids of items that arrived on the stream while the page was open (shown as new). */
  fresh: ReadonlySet<number>;
  /** The last item that arrived, for the live region. */
  latest: FeedItem | null;
}

/** The part of EventSource the live feed uses (a fake one in tests). */
export interface EventSourceLike {
  readonly readyState: number;
  onmessage: ((event: MessageEvent<string>) => void) | null;
  onerror: ((event: Event) => void) | null;
  close(): void;
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

const closed = 2;
const defaultRetry = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt);

/**
 * Keeps the cached feed current from `GET /api/feed/stream`.
 *
 * The feed is (re)loaded after each `ready`, which the server sends once the
 * stream listens, so nothing written in between is missed. Items that arrive
 * while that load is in flight are merged at once (the page shows them) and
 * again on top of the loaded feed (which may have been read before them);
 * merging an item twice changes nothing (feed-cache.ts).
 */
export class LiveFeed {
  readonly #queryClient: QueryClient;
  readonly #open: (url: string) => EventSourceLike;
  readonly #load: () => Promise<FeedResponse>;
  readonly #retryMs: (attempt: number) => number;
  readonly #summaryDelayMs: number;
  readonly #listeners = new Set<() => void>();
  #snapshot: LiveSnapshot = { status: 'connecting', fresh: new Set(), latest: null };
  #source: EventSourceLike | null = null;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #summaryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Items seen since the current load began; null when no load is in flight. */
  #sinceLoad: FeedItem[] | null = null;
  #loads = 0;
  #stopped = false;

  constructor(options: LiveFeedOptions) {
    this.#queryClient = options.queryClient;
    this.#open = options.open ?? ((url) => new EventSource(url));
    this.#load = options.load ?? (() => activityApi.feed());
    this.#retryMs = options.retryMs ?? defaultRetry;
    this.#summaryDelayMs = options.summaryDelayMs ?? 1500;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): LiveSnapshot => this.#snapshot;

  start(): void {
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    if (this.#summaryTimer) clearTimeout(this.#summaryTimer);
    this.#source?.close();
    this.#source = null;
    this.#listeners.clear();
  }

  /** One message of the stream (exposed for tests through a fake EventSource). */
  receive(event: FeedStreamEvent): Promise<void> | void {
    switch (event.type) {
      case 'ready':
        this.#attempt = 0;
        this.#update({ status: 'live' });
        return this.reload();
      case 'end':
        // After these a reconnect is refused; otherwise the browser reconnects and `ready` reloads.
        if (event.reason === 'session-ended' || event.reason === 'access-revoked') {
          this.#source?.close();
          this.#source = null;
          this.#update({ status: 'ended' });
        } else {
          this.#update({ status: 'reconnecting' });
        }
        return;
      case 'item':
        this.#arrived(event.item);
    }
  }

  /** Loads the feed, keeping what arrives meanwhile; a newer load supersedes an older one. */
  async reload(): Promise<void> {
    const load = ++this.#loads;
    this.#sinceLoad = [];
    try {
      // A load begun before the stream listened may miss items: ours replaces it.
      await this.#queryClient.cancelQueries({ queryKey: activityKeys.feed });
      const feed = await this.#load();
      if (this.#stopped || load !== this.#loads) return;
      const arrived = this.#sinceLoad ?? [];
      this.#sinceLoad = null;
      this.#queryClient.setQueryData<FeedResponse>(activityKeys.feed, mergeItems(feed, arrived));
    } catch {
      // Keep what is shown; the next `ready` (after a reconnect) loads again.
      if (load === this.#loads) this.#sinceLoad = null;
    }
  }

  #arrived(item: FeedItem): void {
    this.#sinceLoad?.push(item);
    this.#queryClient.setQueryData<FeedResponse>(activityKeys.feed, (feed) => (feed ? mergeItems(feed, [item]) : feed));
    const fresh = new Set(this.#snapshot.fresh).add(item.id);
    this.#update({ fresh, latest: item });
    if (this.#summaryTimer) clearTimeout(this.#summaryTimer);
    this.#summaryTimer = setTimeout(() => {
      this.#summaryTimer = null;
      void this.reload();
    }, this.#summaryDelayMs);
  }

  #connect(): void {
    if (this.#stopped) return;
    const source = this.#open(feedStreamPath);
    this.#source = source;
    source.onmessage = (message) => {
      let json: unknown;
      try {
        json = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = feedStreamEvent.safeParse(json);
      // An event this client does not understand is skipped; the next reload covers it.
      if (parsed.success) void this.receive(parsed.data);
    };
    source.onerror = () => {
      if (this.#stopped || this.#source !== source) return;
      this.#update({ status: 'reconnecting' });
      // The browser retries a dropped connection by itself, but gives up on
      // an HTTP error (a restarting server's 503): then we open a new one.
      if (source.readyState === closed) {
        source.close();
        this.#source = null;
        this.#retryTimer = setTimeout(() => this.#connect(), this.#retryMs(this.#attempt++));
      }
    };
  }

  #update(change: Partial<LiveSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...change };
    for (const listener of this.#listeners) listener();
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
