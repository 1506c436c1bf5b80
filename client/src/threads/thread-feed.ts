import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { threadStreamEvent, type ThreadStreamEvent } from '../../../shared/schemas/threads';
import { listAllThreads, type ThreadList } from '../api/feedback-endpoints';
import { pathTo } from '../api/http';
import { LiveStream, type EventSourceLike, type StreamStatus } from '../api/live-stream';
import { queryKeys } from '../api/queries';
import { applyThreadChange, type ThreadChange } from './thread-cache';

/** What the panel says about the live updates. */
export type FeedStatus = StreamStatus;

export type { EventSourceLike };

export interface ThreadFeedOptions {
  docId: string;
  queryClient: QueryClient;
  open?: (url: string) => EventSourceLike;
  load?: (docId: string) => Promise<ThreadList>;
  /** Delay before reopening a stream the browser gave up on (an HTTP error while the server restarts). */
  retryMs?: (attempt: number) => number;
}

/**
 * Keeps the cached thread list of one document current from its Server-Sent
 * Events stream (shared/schemas/threads.ts, threadStreamEvent; the loading,
 * catching up and reconnecting: api/live-stream.ts). Applying a change twice
 * is harmless (thread-cache.ts), as the stream needs.
 */
export class ThreadFeed {
  readonly #stream: LiveStream<ThreadStreamEvent, ThreadChange, ThreadList, FeedStatus>;
  readonly subscribe: (listener: () => void) => () => void;
  readonly getSnapshot: () => FeedStatus;

  constructor(options: ThreadFeedOptions) {
    const { docId } = options;
    const load = options.load ?? listAllThreads;
    this.#stream = new LiveStream<ThreadStreamEvent, ThreadChange, ThreadList, FeedStatus>({
      url: pathTo('GET /api/docs/:docId/threads/stream', { params: { docId } }),
      schema: threadStreamEvent,
      receive: (event) => this.receive(event),
      queryClient: options.queryClient,
      queryKey: queryKeys.threads(docId),
      load: () => load(docId),
      merge: (list, changes) => changes.reduce(applyThreadChange, list),
      snapshot: 'connecting',
      withStatus: (_, status) => status,
      open: options.open,
      retryMs: options.retryMs,
    });
    this.subscribe = this.#stream.subscribe;
    this.getSnapshot = this.#stream.getSnapshot;
  }

  start(): void {
    this.#stream.start();
  }

  stop(): void {
    this.#stream.stop();
  }

  /** One message of the stream (exposed for tests through a fake EventSource). */
  receive(event: ThreadStreamEvent): void {
    switch (event.type) {
      case 'ready':
        void this.#stream.ready();
        return;
      case 'end':
        this.#stream.end(event.reason);
        return;
      default:
        this.#stream.apply(event);
    }
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
