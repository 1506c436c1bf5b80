import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { threadStreamEvent, type ThreadStreamEvent } from '../../../shared/schemas/threads';
import { feedbackApi, threadStreamPath, type ThreadList } from '../api/feedback-endpoints';
import { queryKeys } from '../api/queries';
import { applyThreadChange, type ThreadChange } from './thread-cache';

/** What the panel says about the live updates. */
export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'ended';

/** The part of EventSource the feed uses (a fake one in tests). */
export interface EventSourceLike {
  readonly readyState: number;
  onmessage: ((event: MessageEvent<string>) => void) | null;
  onerror: ((event: Event) => void) | null;
  close(): void;
}

export interface ThreadFeedOptions {
  docId: string;
  queryClient: QueryClient;
  open?: (url: string) => EventSourceLike;
  load?: (docId: string) => Promise<ThreadList>;
  /** Delay before reopening a stream the browser gave up on (an HTTP error while the server restarts). */
  retryMs?: (attempt: number) => number;
}

const closed = 2;
const defaultRetry = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt);

/**
 * Keeps the cached thread list of one document current from its Server-Sent
 * Events stream (shared/schemas/threads.ts, threadStreamEvent).
 *
 * The list is (re)loaded after each `ready`, which the server sends once the
 * stream is subscribed, so nothing published in between is missed. Changes
 * that arrive while that load is in flight are applied at once (so the page
 * shows them) and again on top of the loaded list (which may have been read
 * before them); applying a change twice is harmless (thread-cache.ts).
 */
export class ThreadFeed {
  readonly #docId: string;
  readonly #queryClient: QueryClient;
  readonly #open: (url: string) => EventSourceLike;
  readonly #load: (docId: string) => Promise<ThreadList>;
  readonly #retryMs: (attempt: number) => number;
  readonly #listeners = new Set<() => void>();
  #source: EventSourceLike | null = null;
  #status: FeedStatus = 'connecting';
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Changes seen since the current load began; null when no load is in flight. */
  #sinceLoad: ThreadChange[] | null = null;
  #loads = 0;
  #stopped = false;

  constructor(options: ThreadFeedOptions) {
    this.#docId = options.docId;
    this.#queryClient = options.queryClient;
    this.#open = options.open ?? ((url) => new EventSource(url));
    this.#load = options.load ?? feedbackApi.threads.listAll;
    this.#retryMs = options.retryMs ?? defaultRetry;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): FeedStatus => this.#status;

  start(): void {
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#source?.close();
    this.#source = null;
    this.#listeners.clear();
  }

  /** One message of the stream (exposed for tests through a fake EventSource). */
  receive(event: ThreadStreamEvent): void {
    switch (event.type) {
      case 'ready':
        this.#attempt = 0;
        this.#setStatus('live');
        void this.#reload();
        return;
      case 'end':
        this.#end(event.reason);
        return;
      default:
        this.#apply(event);
    }
  }

  #connect(): void {
    if (this.#stopped) return;
    const source = this.#open(threadStreamPath(this.#docId));
    this.#source = source;
    source.onmessage = (message) => {
      let json: unknown;
      try {
        json = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = threadStreamEvent.safeParse(json);
      // An event this client does not understand is skipped; the next reload covers it.
      if (parsed.success) this.receive(parsed.data);
    };
    source.onerror = () => {
      if (this.#stopped || this.#source !== source) return;
      this.#setStatus('reconnecting');
      // The browser retries a dropped connection by itself, but gives up on
      // an HTTP error (a restarting server's 503): then we open a new one.
      if (source.readyState === closed) {
        source.close();
        this.#source = null;
        this.#retryTimer = setTimeout(() => this.#connect(), this.#retryMs(this.#attempt++));
      }
    };
  }

  /**
   * The document's sync socket ends for the same reasons and the page tells
   * the person what happened (sync-indicator.tsx); the feed only stops, or
   * waits for the browser to reconnect (with the new role, after a role change).
   */
  #end(reason: Extract<ThreadStreamEvent, { type: 'end' }>['reason']): void {
    if (reason === 'session-ended' || reason === 'access-revoked') this.#close();
    else this.#setStatus('reconnecting');
  }

  #close(): void {
    this.#source?.close();
    this.#source = null;
    this.#setStatus('ended');
  }

  #apply(change: ThreadChange): void {
    this.#sinceLoad?.push(change);
    this.#queryClient.setQueryData<ThreadList>(queryKeys.threads(this.#docId), (list) => (list ? applyThreadChange(list, change) : list));
  }

  async #reload(): Promise<void> {
    const load = ++this.#loads;
    this.#sinceLoad = [];
    const key = queryKeys.threads(this.#docId);
    try {
      // A load begun before the stream was subscribed may miss changes: ours replaces it.
      await this.#queryClient.cancelQueries({ queryKey: key });
      const list = await this.#load(this.#docId);
      if (this.#stopped || load !== this.#loads) return;
      const changes = this.#sinceLoad ?? [];
      this.#sinceLoad = null;
      this.#queryClient.setQueryData<ThreadList>(key, changes.reduce(applyThreadChange, list));
    } catch {
      // Keep what is shown; the next `ready` (after a reconnect) loads again.
      if (load === this.#loads) this.#sinceLoad = null;
    }
  }

  #setStatus(status: FeedStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    for (const listener of this.#listeners) listener();
  }
}

/** Follows the document's feedback stream while mounted; returns its status. */
export function useThreadFeed(docId: string): FeedStatus {
  const queryClient = useQueryClient();
  const [feed, setFeed] = useState<ThreadFeed | null>(null);
  useEffect(() => {
    const opened = new ThreadFeed({ docId, queryClient });
    opened.start();
    setFeed(opened);
    return () => {
      opened.stop();
      setFeed(null);
    };
  }, [docId, queryClient]);
  const subscribe = feed?.subscribe ?? noSubscription;
  const getSnapshot = feed?.getSnapshot ?? connecting;
  return useSyncExternalStore(subscribe, getSnapshot);
}

const noSubscription = () => () => undefined;
const connecting = (): FeedStatus => 'connecting';
