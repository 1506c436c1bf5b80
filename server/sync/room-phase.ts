import type { ColdLoad } from './cold-load';

/**
 * The phases of a room (room.ts), each with what exists only in it:
 *
 * loading -> open -> unloading -> closed, and from anywhere to closed when
 * storage fails (nothing unstored may then be acknowledged).
 */
export type RoomPhase =
  /** Reading checkpoint + tail; connections wait. */
  | { readonly name: 'loading' }
  /** Serving; may sit idle (no connections) until SyncServer unloads it. */
  | {
      readonly name: 'open';
      /** Client id -> user id: who may write under which Yjs client id. */
      readonly owners: Map<number, string>;
      /** The stored document while it is not applied yet, or still unchanged (cold-load.ts). */
      readonly coldLoad: ColdLoad | null;
    }
  /**
   * Connections gone, finishing its writes. `checkpointDue`: storage does not
   * hold the document as one update yet (it changed since it loaded).
   */
  | { readonly name: 'unloading'; readonly checkpointDue: boolean }
  /** Final; the Y.Doc is destroyed. */
  | { readonly name: 'closed' };

export type RoomState = RoomPhase['name'];
export type OpenPhase = Extract<RoomPhase, { name: 'open' }>;

/** For the `default` of a switch over every phase: a phase added later fails to compile there. */
export function unreachable(phase: never): never {
  throw new Error(`unknown room phase ${JSON.stringify(phase)}`);
}
