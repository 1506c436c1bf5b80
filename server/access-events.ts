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
  | { type: 'membership-changed'; groupId: string; userId: string; role: Role | null };

type Listener = (event: AccessEvent) => void;

export class AccessEvents {
  readonly #listeners = new Set<Listener>();

  /** Listen; returns the function that stops listening. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(event: AccessEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
