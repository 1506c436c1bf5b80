import type { Role } from '../../../shared/permissions';
import type { ThreadStreamEvent } from '../../../shared/schemas/threads';
import type { AccessEvent, AccessEvents } from '../../access-events';
import {
  defaultStreamOptions,
  sessionVerdict,
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

export interface Admission {
  open(place: StreamPlace, sink: StreamSink): Subscription;
  /** Access was refused: stop listening for this caller. */
  cancel(): void;
}

type Who = StreamCaller & StreamPlace;

/**
 * The live side of feedback (issue 4, "Live and safe"): every change
 * published on ThreadEvents reaches each subscriber of its document who may
 * see it (visibility.ts), and no one else, with what that reader may do
 * with it (each thread's and reply's `can`, for their role). A stream ends as soon as its
 * reader may no longer read: their session ended, they left the group or
 * their role changed (the client then reconnects and reloads with what the
 * new role may see). The stream machinery is live/stream-hub.ts.
 */
export class ThreadStreams {
  readonly #hub: StreamHub<Who, ThreadStreamEvent>;
  readonly #unsubscribe: () => void;

  constructor(events: ThreadEvents, accessEvents: AccessEvents, options: StreamOptions = defaultStreamOptions) {
    this.#hub = new StreamHub<Who, ThreadStreamEvent>(accessEvents, (who) => who.docId, verdict, options);
    this.#unsubscribe = events.subscribe((message) =>
      this.#hub.deliver(message.docId, (who) => (canSee(who, message.audience) ? eventFor(who, message.event) : null)),
    );
  }

  /** Open subscribers of a document. */
  count(docId: string): number {
    return this.#hub.count(docId);
  }

  admit(caller: StreamCaller): Admission {
    const admission = this.#hub.admit();
    return {
      cancel: () => admission.cancel(),
      open: (place, sink) => admission.open({ ...caller, ...place }, sink),
    };
  }

  /** Ends every stream and stops listening (see StreamHub.stop). */
  async stop(graceMs = 1000): Promise<void> {
    this.#unsubscribe();
    await this.#hub.stop(graceMs);
  }
}

/** Why an access event ends this subscriber's stream, if it does (as the sync socket judges it). */
function verdict(event: AccessEvent, who: Who): StreamEndReason | null {
  if (event.type !== 'membership-changed') return sessionVerdict(event, who);
  if (event.groupId !== who.groupId || event.userId !== who.userId) return null;
  if (event.role === null) return 'access-revoked';
  return event.role !== who.role ? 'role-changed' : null;
}
