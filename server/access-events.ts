import type { Role } from '../shared/permissions';

/**
 * Changes to who may see what, announced by the domain code that makes them
 * and heard by whoever holds long-lived connections (the sync socket, the
 * feedback and feed streams), which must end the affected ones at once
 * rather than at reconnect. What an event means for one connection is
 * decided in connection-access.ts.
 */
export type AccessEvent =
  /** These sessions ended (logout, expiry). */
  | { type: 'sessions-ended'; sessionIds: readonly string[] }
  /** Every session of a user ended but `keepSessionId` (password change). */
  | { type: 'user-sessions-ended'; userId: string; keepSessionId?: string }
  /** A user's role in a group changed; `role: null` means removed. */
  | { type: 'membership-changed'; groupId: string; userId: string; role: Role | null }
  /**
   * This instance may have missed other instances' events (its connection
   * to the bus was lost and is back): every connection has its access
   * checked again. Heard here only, never published.
   */
  | { type: 'events-missed' };

type Listener = (event: AccessEvent) => void;

/** What relaying access events needs of the bus between instances (live/redis-bus.ts). */
export interface AccessEventBus {
  publish(channel: string, payload: Uint8Array, options?: { keep?: boolean }): void;
  subscribe(channel: string, handler: (payload: Uint8Array) => void): () => void;
  /** Runs `listener` each time the bus is back after losing its subscription; returns the function that stops it. */
  onReconnect(listener: () => void): () => void;
}

const accessChannel = 'commonplace:access';
const eventTypes: ReadonlySet<string> = new Set<AccessEvent['type']>(['sessions-ended', 'user-sessions-ended', 'membership-changed']);

/**
 * With a bus (several instances over Redis), an event published here is
 * heard here at once and by every other instance, whose own connections
 * end the same way: a sync socket or live stream open on any instance
 * outlives no removal, logout or password change made on another. Access
 * events are never dropped from the bus's queue (they cannot be read back
 * from the database like document updates).
 */
export class AccessEvents {
  readonly #listeners = new Set<Listener>();
  readonly #stopRelaying: (() => void)[];

  constructor(private readonly bus?: AccessEventBus) {
    this.#stopRelaying = bus
      ? [
          bus.subscribe(accessChannel, (payload) => {
            const event = parseAccessEvent(payload);
            if (event) this.#hear(event);
          }),
          bus.onReconnect(() => this.#hear({ type: 'events-missed' })),
        ]
      : [];
  }

  /** Listen; returns the function that stops listening. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(event: AccessEvent): void {
    this.#hear(event);
    this.bus?.publish(accessChannel, Buffer.from(JSON.stringify(event), 'utf8'), { keep: true });
  }

  /** Stops hearing other instances' events. */
  stop(): void {
    for (const stop of this.#stopRelaying) stop();
  }

  #hear(event: AccessEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}

/** An event another instance published, or null for a message that is not one. */
function parseAccessEvent(payload: Uint8Array): AccessEvent | null {
  try {
    const event: unknown = JSON.parse(Buffer.from(payload).toString('utf8'));
    if (typeof event !== 'object' || event === null || !('type' in event) || typeof event.type !== 'string') return null;
    return eventTypes.has(event.type) ? (event as AccessEvent) : null;
  } catch {
    return null;
  }
}
