import type { Role } from '../../../shared/permissions';
import type { streamEndReasons, ThreadStreamEvent } from '../../../shared/schemas/threads';
import type { AccessEvent, AccessEvents } from '../../access-events';
import type { ThreadEventMessage, ThreadEvents } from './thread-events';
import { canSee } from './visibility';

export type StreamEndReason = (typeof streamEndReasons)[number];

/** Where one subscriber's events are written (the SSE response; see routes.ts). */
export interface StreamSink {
  /** Writes one event; resolves once the reader took it. */
  send(event: ThreadStreamEvent): Promise<void>;
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

/** Who is subscribing: known before their access is checked. */
export interface StreamCaller {
  userId: string;
  sessionId: string;
}

/** What they subscribe to, and their role there, once access is checked. */
export interface StreamPlace {
  docId: string;
  groupId: string;
  role: Role;
}

export interface Admission {
  open(place: StreamPlace, sink: StreamSink): Subscription;
  /** Access was refused: stop listening for this caller. */
  cancel(): void;
}

export interface Subscription {
  /** Resolves once the stream has ended, by either side. */
  done: Promise<void>;
  /** The reader went away: forget the subscriber without writing more. */
  drop(): void;
}

/**
 * The live side of feedback (issue 4, "Live and safe"): every change
 * published on ThreadEvents reaches each subscriber of its document who may
 * see it (visibility.ts), and no one else. A stream ends as soon as its
 * reader may no longer read: their session ended, they left the group or
 * their role changed (the client then reconnects and reloads with what the
 * new role may see). Access events are heard from admission on, before
 * access is checked, so one that lands in between is not missed.
 */
export class ThreadStreams {
  readonly #byDoc = new Map<string, Set<Subscriber>>();
  readonly #admissions = new Set<{ caller: StreamCaller; heard: AccessEvent[] }>();
  readonly #unsubscribe: (() => void)[];
  #stopped = false;

  constructor(
    events: ThreadEvents,
    accessEvents: AccessEvents,
    private readonly options: StreamOptions = { heartbeatMs: 25_000, maxQueued: 256 },
  ) {
    this.#unsubscribe = [events.subscribe((message) => this.#deliver(message)), accessEvents.subscribe((event) => this.#judge(event))];
  }

  /** Open subscribers of a document. */
  count(docId: string): number {
    return this.#byDoc.get(docId)?.size ?? 0;
  }

  admit(caller: StreamCaller): Admission {
    const admission = { caller, heard: [] as AccessEvent[] };
    this.#admissions.add(admission);
    return {
      cancel: () => this.#admissions.delete(admission),
      open: (place, sink) => {
        this.#admissions.delete(admission);
        const subscriber = new Subscriber({ ...caller, ...place }, sink, this.options, () => this.#forget(subscriber));
        let subscribers = this.#byDoc.get(place.docId);
        if (!subscribers) this.#byDoc.set(place.docId, (subscribers = new Set()));
        subscribers.add(subscriber);
        subscriber.start();
        const reason = this.#stopped ? 'server-stopping' : admission.heard.map((event) => verdict(event, subscriber.who)).find(Boolean);
        if (reason) subscriber.end(reason);
        return subscriber;
      },
    };
  }

  /**
   * Ends every stream (the server is shutting down) and stops listening;
   * resolves once each reader was told, or after `graceMs` for those that
   * do not read.
   */
  async stop(graceMs = 1000): Promise<void> {
    this.#stopped = true;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    const ending: Promise<void>[] = [];
    for (const subscribers of [...this.#byDoc.values()]) {
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

  #deliver(message: ThreadEventMessage): void {
    for (const subscriber of this.#byDoc.get(message.docId) ?? []) {
      if (canSee(subscriber.who, message.audience)) subscriber.send(message.event);
    }
  }

  #judge(event: AccessEvent): void {
    for (const admission of this.#admissions) admission.heard.push(event);
    for (const subscribers of [...this.#byDoc.values()]) {
      for (const subscriber of [...subscribers]) {
        const reason = verdict(event, subscriber.who);
        if (reason) subscriber.end(reason);
      }
    }
  }

  #forget(subscriber: Subscriber): void {
    const subscribers = this.#byDoc.get(subscriber.who.docId);
    subscribers?.delete(subscriber);
    if (subscribers?.size === 0) this.#byDoc.delete(subscriber.who.docId);
  }
}

type Who = StreamCaller & StreamPlace;

/** Why an access event ends this subscriber's stream, if it does (as the sync socket judges it). */
function verdict(event: AccessEvent, who: Who): StreamEndReason | null {
  switch (event.type) {
    case 'sessions-ended':
      return event.sessionIds.includes(who.sessionId) ? 'session-ended' : null;
    case 'user-sessions-ended':
      return event.userId === who.userId && event.keepSessionId !== who.sessionId ? 'session-ended' : null;
    case 'membership-changed':
      if (event.groupId !== who.groupId || event.userId !== who.userId) return null;
      if (event.role === null) return 'access-revoked';
      return event.role !== who.role ? 'role-changed' : null;
  }
}

/** One open stream: writes in order, never more than `maxQueued` behind. */
class Subscriber implements Subscription {
  readonly done: Promise<void>;
  #resolveDone!: () => void;
  #writing: Promise<void> = Promise.resolve();
  #queued = 0;
  #ended = false;
  #heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly who: Who,
    private readonly sink: StreamSink,
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

  send(event: ThreadStreamEvent): void {
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
