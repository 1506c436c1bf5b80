import type { streamEndReasons } from '../../shared/schemas/feedback-basics';
import type { AccessEvent, AccessEvents } from '../access-events';
import { type AccessEnd, AdmissionWindow, type ConnectionScope, accessVerdict } from '../connection-access';
import type { StreamSeats } from './stream-seats';

/**
 * Live streams to readers (Server-Sent Events: the feedback of a document,
 * a person's feed), with what every such stream needs, written once:
 * - each subscriber's events are written in order, never more than
 *   `maxQueued` behind (a reader that stops reading is cut off);
 * - heartbeats keep idle streams open through proxies;
 * - access changes end a subscriber's stream the moment they are
 *   announced, as connection-access.ts judges them, including those
 *   announced between admission and opening, so none slips in between;
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
  /** Each account's allowance of open streams, shared by every hub of the instance; none: no cap. */
  seats?: StreamSeats;
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

/** A caller admitted before their access is checked; nothing to release if it never opens. */
export interface HubAdmission<Who, E> {
  open(who: Who, sink: StreamSink<E | StreamControl>): Subscription;
}

/**
 * How each end of access ends a stream: the names are the same, and a
 * lapsed admission has the reader reconnect, as the sync socket's goingAway.
 */
const streamEnds: Record<AccessEnd, StreamEndReason> = {
  'session-ended': 'session-ended',
  'access-revoked': 'access-revoked',
  'role-changed': 'role-changed',
  'admission-expired': 'server-stopping',
};

/**
 * What an access event changes in what is known of a subscriber, before it
 * is judged (the groups a feed reader belongs to).
 */
export type AccessFollower<Who> = (event: AccessEvent, who: Who) => void;

/** Subscribers by key (a document, a user), each with what is known of them (`Who`). */
export class StreamHub<Who extends StreamCaller & ConnectionScope, E extends { type: string }> {
  readonly #byKey = new Map<string, Set<Subscriber<Who, E | StreamControl>>>();
  readonly #admissions = new AdmissionWindow();
  readonly #unsubscribe: () => void;
  #stopped = false;

  constructor(
    accessEvents: AccessEvents,
    private readonly keyOf: (who: Who) => string,
    private readonly options: StreamOptions = defaultStreamOptions,
    private readonly follow: AccessFollower<Who> = () => {},
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

  /**
   * Call before a caller's access is checked: the access events from here on
   * apply to their stream when it opens. With `caller`, the stream takes one
   * of their seats (StreamOptions.seats), or is refused with 429.
   */
  admit(caller?: StreamCaller): HubAdmission<Who, E> {
    const seat = caller && this.options.seats ? this.options.seats.take(caller.userId) : null;
    const ticket = this.#admissions.ticket();
    return {
      open: (who, sink) => {
        const key = this.keyOf(who);
        const subscriber: Subscriber<Who, E | StreamControl> = new Subscriber(who, sink, this.options, () => this.#forget(key, subscriber));
        if (seat) {
          seat.open();
          // `done` resolves on every end: closed, dropped or cut off as too slow.
          void subscriber.done.then(() => seat.release());
        }
        let subscribers = this.#byKey.get(key);
        if (!subscribers) this.#byKey.set(key, (subscribers = new Set()));
        subscribers.add(subscriber);
        subscriber.start();
        if (this.#stopped) {
          subscriber.end('server-stopping');
        } else {
          const missed = this.#admissions.missed(ticket, (event) => this.#judge(event, who));
          if (missed) subscriber.end(streamEnds[missed]);
        }
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
    this.#admissions.hear(event);
    for (const subscribers of [...this.#byKey.values()]) {
      for (const subscriber of [...subscribers]) {
        const end = this.#judge(event, subscriber.who);
        if (end) subscriber.end(streamEnds[end]);
      }
    }
  }

  #judge(event: AccessEvent, who: Who): AccessEnd | null {
    this.follow(event, who);
    return accessVerdict(event, who);
  }

  #forget(key: string, subscriber: Subscriber<Who, E | StreamControl>): void {
    const subscribers = this.#byKey.get(key);
    subscribers?.delete(subscriber);
    if (subscribers?.size === 0) this.#byKey.delete(key);
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
