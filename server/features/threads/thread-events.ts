import type { PublishedThreadEvent } from './presenter';
import type { Audience } from './visibility';

/**
 * A change to a document's feedback, and who may hear of it. The event holds
 * no reader's `can`: each live stream adds its reader's (thread-stream.ts).
 */
export interface ThreadEventMessage {
  docId: string;
  groupId: string;
  audience: Audience;
  event: PublishedThreadEvent;
}

type Listener = (message: ThreadEventMessage) => void;

/**
 * Where feedback changes are published once committed, and where the live
 * streams hear them. Messages are plain JSON, so that an implementation over
 * Redis pub/sub can carry them between server instances; this one stays in
 * the process.
 */
export interface ThreadEvents {
  publish(message: ThreadEventMessage): void;
  /** Listen; returns the function that stops listening. */
  subscribe(listener: Listener): () => void;
}

export class LocalThreadEvents implements ThreadEvents {
  readonly #listeners = new Set<Listener>();

  publish(message: ThreadEventMessage): void {
    for (const listener of this.#listeners) listener(message);
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** What RelayedThreadEvents needs of the bus between instances (live/redis-bus.ts). */
export interface EventBus {
  publish(channel: string, payload: Uint8Array): void;
  subscribe(channel: string, handler: (payload: Uint8Array) => void): () => void;
}

const threadChannel = 'commonplace:threads';

/**
 * Feedback changes shared between server instances: heard here at
 * once, and by every other instance over the bus, so that a live stream on
 * any instance hears a change made on any other.
 */
export class RelayedThreadEvents implements ThreadEvents {
  readonly #local = new LocalThreadEvents();
  readonly #stopHearing: () => void;

  constructor(private readonly bus: EventBus) {
    this.#stopHearing = bus.subscribe(threadChannel, (payload) => {
      this.#local.publish(JSON.parse(Buffer.from(payload).toString('utf8')) as ThreadEventMessage);
    });
  }

  publish(message: ThreadEventMessage): void {
    this.#local.publish(message);
    this.bus.publish(threadChannel, Buffer.from(JSON.stringify(message), 'utf8'));
  }

  subscribe(listener: Listener): () => void {
    return this.#local.subscribe(listener);
  }

  stop(): void {
    this.#stopHearing();
  }
}
