import { hashKey, type QueryCacheNotifyEvent, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { ZodType } from 'zod';
import type { streamEndReasons } from '../../../shared/schemas/feedback-basics';

/** What the page says about a stream's live updates. */
export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'ended';

/** Why the server ended a stream (shared/schemas/feedback-basics.ts). */
export type StreamEndReason = (typeof streamEndReasons)[number];

/** The part of EventSource a live stream uses (a fake one in tests: fake-event-source.ts). */
export interface EventSourceLike {
  readonly readyState: number;
  onmessage: ((event: MessageEvent<string>) => void) | null;
  onerror: ((event: Event) => void) | null;
  close(): void;
}

export interface LiveStreamOptions<StreamEvent, Change, Data, Snapshot> {
  /** The stream's address. */
  url: string;
  /** The stream's events (shared/schemas); a message that fails it is skipped. */
  schema: ZodType<StreamEvent>;
  /** Takes one event: `ready` to ready(), `end` to end(), the rest to apply(). */
  receive: (event: StreamEvent) => void;
  queryClient: QueryClient;
  /** The cached data the stream keeps current. */
  queryKey: QueryKey;
  load: () => Promise<Data>;
  /** Applies changes to the data; applying one twice must change nothing, since a change seen during a load is applied again on top of it. */
  merge: (data: Data, changes: readonly Change[]) => Data;
  /** The first snapshot, and how a status is written into one. */
  snapshot: Snapshot;
  withStatus: (snapshot: Snapshot, status: StreamStatus) => Snapshot;
  open?: (url: string) => EventSourceLike;
  /** Delay before reopening a stream the browser gave up on (an HTTP error while the server restarts). */
  retryMs?: (attempt: number) => number;
}

const closed = 2;
const defaultRetry = (attempt: number) => Math.min(30_000, 1000 * 2 ** attempt);

/**
 * Keeps one cached query current from a Server-Sent Events stream, and is the
 * store (subscribe/getSnapshot) that useSyncExternalStore reads its status from.
 *
 * The data is (re)loaded after each `ready`, which the server sends once the
 * stream listens, so nothing written in between is missed. That load is a
 * fetch of the query itself, so it follows one rule with every other fetch
 * of it (a component mounting, every query refetched when the service worker
 * takes over): a change heard while a fetch is in flight is applied at once,
 * so the page shows it, and again on top of the fetch's answer, which the
 * server may have read before it.
 */
export class LiveStream<StreamEvent, Change, Data, Snapshot> {
  readonly #options: LiveStreamOptions<StreamEvent, Change, Data, Snapshot>;
  readonly #open: (url: string) => EventSourceLike;
  readonly #retryMs: (attempt: number) => number;
  readonly #listeners = new Set<() => void>();
  #snapshot: Snapshot;
  #source: EventSourceLike | null = null;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Changes seen since the query's fetch in flight began; null when it is not fetching. */
  #sinceFetch: Change[] | null = null;
  #unwatchFetches: (() => void) | null = null;
  #stopped = false;

  constructor(options: LiveStreamOptions<StreamEvent, Change, Data, Snapshot>) {
    this.#options = options;
    this.#open = options.open ?? ((url) => new EventSource(url));
    this.#retryMs = options.retryMs ?? defaultRetry;
    this.#snapshot = options.snapshot;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.#snapshot;

  start(): void {
    const queryHash = hashKey(this.#options.queryKey);
    this.#unwatchFetches = this.#options.queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.query.queryHash === queryHash) this.#fetchUpdated(event);
    });
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    this.#unwatchFetches?.();
    this.#unwatchFetches = null;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#source?.close();
    this.#source = null;
    this.#listeners.clear();
  }

  /** The stream listens: the next reconnect starts from the shortest delay, and the data is loaded. */
  ready(): Promise<void> {
    this.#attempt = 0;
    this.#setStatus('live');
    return this.reload();
  }

  /**
   * The document's sync socket ends for the same reasons and the page tells
   * the person what happened (sync-indicator.tsx); the stream only stops, or
   * waits for the browser to reconnect (with the new role, after a role
   * change), and the `ready` that follows reloads.
   */
  end(reason: StreamEndReason): void {
    if (reason === 'session-ended' || reason === 'access-revoked') {
      this.#source?.close();
      this.#source = null;
      this.#setStatus('ended');
    } else {
      this.#setStatus('reconnecting');
    }
  }

  /** Applies a change to the cached data now, and again on top of the answer of a fetch in flight. */
  apply(change: Change): void {
    this.#sinceFetch?.push(change);
    const { queryClient, queryKey, merge } = this.#options;
    queryClient.setQueryData<Data>(queryKey, (data) => (data ? merge(data, [change]) : data));
  }

  /** Loads the data, keeping what arrives meanwhile; a newer load supersedes an older one. */
  async reload(): Promise<void> {
    const { queryClient, queryKey, load } = this.#options;
    // A fetch begun before the stream listened may miss changes, and so may
    // an older load of ours: cancelling leaves the data as it is and drops
    // its answer, and ours replaces it.
    await queryClient.cancelQueries({ queryKey });
    try {
      await queryClient.fetchQuery({ queryKey, queryFn: () => load(), staleTime: 0 });
    } catch {
      // The query keeps what it shows, with the error for the page to tell;
      // the next `ready` (after a reconnect) loads again.
    }
  }

  /** Replaces the snapshot; listeners hear of it only when it is a new value. */
  update(change: (snapshot: Snapshot) => Snapshot): void {
    const next = change(this.#snapshot);
    if (Object.is(next, this.#snapshot)) return;
    this.#snapshot = next;
    for (const listener of this.#listeners) listener();
  }

  /** A fetch of the query began or ended: heard changes go back on top of its answer. */
  #fetchUpdated(event: Extract<QueryCacheNotifyEvent, { type: 'updated' }>): void {
    const { action, query } = event;
    if (action.type === 'fetch') {
      this.#sinceFetch ??= [];
      return;
    }
    // A write of the data while the fetch is in flight (ours, setQueryData) leaves it fetching.
    if (query.state.fetchStatus !== 'idle' || !this.#sinceFetch) return;
    const heard = this.#sinceFetch;
    this.#sinceFetch = null;
    if (action.type !== 'success' || action.manual || heard.length === 0) return;
    const { queryClient, queryKey, merge } = this.#options;
    queryClient.setQueryData<Data>(queryKey, (data) => (data ? merge(data, heard) : data));
  }

  #setStatus(status: StreamStatus): void {
    this.update((snapshot) => this.#options.withStatus(snapshot, status));
  }

  #connect(): void {
    if (this.#stopped) return;
    const source = this.#open(this.#options.url);
    this.#source = source;
    source.onmessage = (message) => {
      let json: unknown;
      try {
        json = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = this.#options.schema.safeParse(json);
      // An event this client does not understand is skipped; the next reload covers it.
      if (parsed.success) this.#options.receive(parsed.data);
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
}
