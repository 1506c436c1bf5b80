import type { ThreadStreamEvent } from '../../../shared/schemas/threads';
import type { Audience } from './visibility';

/** A change to a document's feedback, and who may hear of it. */
export interface ThreadEventMessage {
  docId: string;
  groupId: string;
  audience: Audience;
  event: Exclude<ThreadStreamEvent, { type: 'ready' | 'end' }>;
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
