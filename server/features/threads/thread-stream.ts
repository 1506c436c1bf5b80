import type { Role } from '../../../shared/permissions';
import type { ThreadStreamEvent } from '../../../shared/schemas/threads';
import type { AccessEvents } from '../../access-events';
import {
  defaultStreamOptions,
  StreamHub,
  type StreamCaller,
  type StreamEndReason,
  type StreamOptions,
  type StreamSink as HubSink,
  type Subscription,
} from '../../live/stream-hub';
import { eventFor } from './presenter';
import type { ThreadEvents } from './thread-events';
import { canSee } from './visibility';

export type { StreamCaller, StreamEndReason, StreamOptions, Subscription };

/** Where one subscriber's events are written (the SSE response; see routes.ts). */
export type StreamSink = HubSink<ThreadStreamEvent>;

/** What they subscribe to, and their role there, once access is checked. */
export interface StreamPlace {
  docId: string;
  groupId: string;
  role: Role;
}

/** A caller admitted before their access is checked; nothing to release if it never opens. */
export interface Admission {
  open(place: StreamPlace, sink: StreamSink): Subscription;
}

type Who = StreamCaller & StreamPlace;

/**
 * The live side of feedback: every change published on ThreadEvents reaches
 * each subscriber of its document who may see it (visibility.ts), and no one
 * else, with what that reader may do with it (each thread's and reply's
 * `can`, for their role). A stream ends as soon as its reader may no longer
 * read: their session ended, they left the group or
 * their role changed (the client then reconnects and reloads with what the
 * new role may see), as connection-access.ts judges every long-lived
 * connection. The stream machinery is live/stream-hub.ts.
 */
export class ThreadStreams {
  readonly #hub: StreamHub<Who, ThreadStreamEvent>;
  readonly #unsubscribe: () => void;

  constructor(events: ThreadEvents, accessEvents: AccessEvents, options: StreamOptions = defaultStreamOptions) {
    this.#hub = new StreamHub<Who, ThreadStreamEvent>(accessEvents, (who) => who.docId, options);
    this.#unsubscribe = events.subscribe((message) =>
      this.#hub.deliver(message.docId, (who) => (canSee(who, message.audience) ? eventFor(who, message.event) : null)),
    );
  }

  /** Open subscribers of a document. */
  count(docId: string): number {
    return this.#hub.count(docId);
  }

  admit(caller: StreamCaller): Admission {
    const admission = this.#hub.admit(caller);
    return { open: (place, sink) => admission.open({ ...caller, ...place }, sink) };
  }

  /** Ends every stream and stops listening (see StreamHub.stop). */
  async stop(graceMs = 1000): Promise<void> {
    this.#unsubscribe();
    await this.#hub.stop(graceMs);
  }
}
