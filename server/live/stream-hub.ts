import type { streamEndReasons } from '../../shared/schemas/feedback-basics';
import type { AccessEvent, AccessEvents } from '../access-events';

/**
 * Live streams to readers (Server-Sent Events: the feedback of a document,
 * a person's feed), with what every such stream needs, written once:
 * - each subscriber's events are written in order, never more than
 *   `maxQueued` behind (a reader that stops reading is cut off);
 * - heartbeats keep idle streams open through proxies;
 * - access changes are judged for each subscriber the moment they are
 *   announced (access-events.ts), including those announced between
 *   admission and the access check, so none slips in between;
 * - `stop` tells every reader why it ends, then closes.
 * What a stream carries and who may read what is its owner's (`deliver`).
 */

export type StreamEndReason = (typeof streamEndReasons)[number];

/** What every stream sends besides its own events: `ready` first, `end` last. */
export type StreamControl = { type: 'ready' } | { type: 'end'; reason: StreamEndReason };

/** Where one subscriber's events are written (the SSE response; see http/sse.ts). */
export interface StreamSink<E> {
  /** Writes one event; resolves once the reader took it. */
  send(event: E): Promise<void>;
  /** A comment line, so that proxies and browsers do not time an idle stream out. */
  keepAlive(): Promise<void>;
  /** Ends the response after what was written. */
  close(): Promise<void>;
  /** Ends the response at once, dropping what a reader did not take. */
  abort(): void;
}

export interface StreamOptions {
  heartbeatMs: number;
  /** Events waiting for a reader before it is judged too slow and cut off. */
  maxQueued: number;
}

export const defaultStreamOptions: StreamOptions = { heartbeatMs: 25_000, maxQueued: 256 };

/** Who is subscribing: known before their access is checked. */
export interface StreamCaller {
  userId: string;
  sessionId: string;
}

export interface Subscription {
  /** Resolves once the stream has ended, by either side. */
  done: Promise<void>;
  /** The reader went away: forget the subscriber without writing more. */
  drop(): void;
}

export interface HubAdmission<Who, E> {
  open(who: Who, sink: StreamSink<E | StreamControl>): Subscription;
  /** Access was refused: stop listening for this caller. */
  cancel(): void;
}

/**
 * How a kind of stream treats access changes: the reason to end a
 * subscriber's stream, or null to keep it (the judge may update `who`, e.g.
 * the groups a feed reader belongs to).
 */
export type AccessJudge<Who> = (event: AccessEvent, who: Who) => StreamEndReason | null;

/** Subscribers by key (a document, a user), each with what is known of them (`Who`). */
export class StreamHub<Who extends StreamCaller, E extends { type: string }> {
  readonly #byKey = new Map<string, Set<Subscriber<Who, E | StreamControl>>>();
  readonly #admissions = new Set<{ heard: AccessEvent[] }>();
  readonly #unsubscribe: () => void;
  #stopped = false;

  constructor(
    accessEvents: AccessEvents,
    private readonly keyOf: (who: Who) => string,
    private readonly judge: AccessJudge<Who>,
    private readonly options: StreamOptions = defaultStreamOptions,
  ) {
    this.#unsubscribe = accessEvents.subscribe((event) => this.#judgeAll(event));
  }

  /** Open subscribers under a key. */
  count(key: string): number {
    return this.#byKey.get(key)?.size ?? 0;
  }

  get size(): number {
    let size = 0;
    for (const subscribers of this.#byKey.values()) size += subscribers.size;
    return size;
  }

  /** Starts hearing access events for a caller whose access is about to be checked. */
  admit(): HubAdmission<Who, E> {
    const admission = { heard: [] as AccessEvent[] };
    this.#admissions.add(admission);
    return {
      cancel: () => this.#admissions.delete(admission),
      open: (who, sink) => {
        this.#admissions.delete(admission);
        const key = this.keyOf(who);
        const subscriber: Subscriber<Who, E | StreamControl> = new Subscriber(who, sink, this.options, () => this.#forget(key, subscriber));
        let subscribers = this.#byKey.get(key);
        if (!subscribers) this.#byKey.set(key, (subscribers = new Set()));
        subscribers.add(subscriber);
        subscriber.start();
        const reason = this.#stopped ? 'server-stopping' : admission.heard.map((event) => this.judge(event, who)).find(Boolean);
        if (reason) subscriber.end(reason);
        return subscriber;
      },
    };
  }

  /** Sends each subscriber under `key` (every subscriber when null) what `eventFor` gives it, if anything. */
  deliver(key: string | null, eventFor: (who: Who) => E | null): void {
    const groups = key === null ? [...this.#byKey.values()] : [this.#byKey.get(key) ?? []];
    for (const subscribers of groups) {
      for (const subscriber of subscribers) {
        const event = eventFor(subscriber.who);
        if (event) subscriber.send(event);
      }
    }
  }

  /**
   * Ends every stream (the server is shutting down) and stops listening;
   * resolves once each reader was told, or after `graceMs` for those that
   * do not read.
   */
  async stop(graceMs = 1000): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe();
    const ending: Promise<void>[] = [];
    for (const subscribers of [...this.#byKey.values()]) {
      for (const subscriber of [...subscribers]) {
        subscriber.end('server-stopping');
        ending.push(subscriber.done);
      }
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.all(ending), grace]);
    clearTimeout(timer);
  }

  #judgeAll(event: AccessEvent): void {
    for (const admission of this.#admissions) admission.heard.push(event);
    for (const subscribers of [...this.#byKey.values()]) {
      for (const subscriber of [...subscribers]) {
        const reason = this.judge(event, subscriber.who);
        if (reason) subscriber.end(reason);
      }
    }
  }

  #forget(key: string, subscriber: Subscriber<Who, E | StreamControl>): void {
    const subscribers = this.#byKey.get(key);
    subscribers?.delete(subscriber);
    if (subscribers?.size === 0) this.#byKey.delete(key);
  }
}

/** Why a session's end ends a stream, as the sync socket judges it. */
export function sessionVerdict(event: AccessEvent, who: StreamCaller): StreamEndReason | null {
  switch (event.type) {
    case 'sessions-ended':
      return event.sessionIds.includes(who.sessionId) ? 'session-ended' : null;
    case 'user-sessions-ended':
      return event.userId === who.userId && event.keepSessionId !== who.sessionId ? 'session-ended' : null;
    case 'membership-changed':
      return null;
  }
}

/** One open stream: writes in order, never more than `maxQueued` behind. */
class Subscriber<Who, E extends { type: string }> implements Subscription {
  readonly done: Promise<void>;
  #resolveDone!: () => void;
  #writing: Promise<void> = Promise.resolve();
  #queued = 0;
  #ended = false;
  #heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly who: Who,
    private readonly sink: StreamSink<E | StreamControl>,
    private readonly options: StreamOptions,
    private readonly forget: () => void,
  ) {
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  start(): void {
    this.send({ type: 'ready' });
    this.#heartbeat = setInterval(() => this.#write(() => this.sink.keepAlive()), this.options.heartbeatMs);
    this.#heartbeat.unref();
  }

  send(event: E | StreamControl): void {
    if (!this.#ended) this.#write(() => this.sink.send(event));
  }

  /** Tells the reader why, then closes. */
  end(reason: StreamEndReason): void {
    if (this.#ended) return;
    this.#write(() => this.sink.send({ type: 'end', reason }));
    this.#finish();
    this.#writing = this.#writing.then(() => this.sink.close()).finally(() => this.#resolveDone());
  }

  drop(): void {
    if (this.#ended) return;
    this.#finish();
    this.sink.abort();
    this.#resolveDone();
  }

  #write(write: () => Promise<void>): void {
    if (this.#queued >= this.options.maxQueued) {
      this.#finish();
      this.sink.abort();
      this.#resolveDone();
      return;
    }
    this.#queued += 1;
    this.#writing = this.#writing
      .then(write)
      .catch(() => this.drop())
      .finally(() => {
        this.#queued -= 1;
      });
  }

  #finish(): void {
    this.#ended = true;
    clearInterval(this.#heartbeat);
    this.forget();
  }
}
