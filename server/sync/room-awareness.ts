import { Awareness, applyAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { userColor } from '../../shared/user-color';
import type { Connection } from './connection';
import {
  awarenessState,
  decodeAwarenessUpdate,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeEncodedAwareness,
  type AwarenessEntry,
  type AwarenessState,
} from './protocol';

/**
 * Who is here and where their cursor is (y-protocols awareness), with the
 * server deciding identity: awareness states belong to their connection.
 *
 * - A connection may only set states for client ids it holds. It claims a
 *   client id by being the first to send a state for it; a client id held by
 *   another user's live connection, or owned by another user (doc_client_ids),
 *   is refused. (The same user's newer connection takes over: that is a
 *   reconnect racing the old socket's close.)
 * - A claim in awareness makes the user the client id's owner for the
 *   document, as writing with it would: everyone in the room sees the id in
 *   awareness, and a member who wrote one character under it first would
 *   otherwise own it, and the owner's offline edits would be refused for good.
 * - `user.name` is overwritten with the session user's name, `user.id`
 *   with their id and `user.color` with that id's colour (shared/user-color.ts)
 *   before the state is stored or relayed, so nobody can pose as someone
 *   else. In a group where the user has an alias, they are the alias, its
 *   stand-in id (member-names.ts) and its colour, for everyone: awareness is
 *   broadcast to the whole room, instructors included (they tell who is who
 *   from the review pages).
 * - A connection's states are removed when it closes.
 */

const utf8 = new TextEncoder();
/** The state of a client who left. */
const nullState = utf8.encode('null');

/** Client ids one connection may hold: one per Y.Doc a client syncs, with room for reloads. */
const maxClientIdsPerConnection = 8;

/** The origin of states another instance accepted (relay.ts). */
const relayOrigin = Symbol('relay');

/**
 * How long each kind of awareness change may wait to be relayed, gathering
 * whatever else arrives meanwhile into the same message (the stock
 * y-websocket client echoes every relay it receives, so each relay costs a
 * room of N clients N messages out and N back):
 * - change: a state that differs (a cursor moved): relayed this turn.
 * - arrival: someone came or left: a quarter of a second is not seen, and a
 *   class joining at once is told in a few relays instead of one per turn.
 * - renewal: the same state under a newer clock, which every client sends
 *   every 15 s to stay present, and which nobody sees. A y-protocols client
 *   drops a peer's state it has not heard of for 30 s and renews its own
 *   once it is 15 s old (checked every 3 s: 15-18 s apart), so a renewal
 *   held 5 s still arrives with 7 s to spare.
 */
export const relayDelayMs = { change: 0, arrival: 250, renewal: 5000 } as const;

export class RoomAwareness {
  readonly #awareness: Awareness;
  readonly #holders = new Map<number, Connection>();
  /** Client ids whose states changed since the last relay, and those of them this instance accepted. */
  readonly #changed = new Set<number>();
  readonly #accepted = new Set<number>();
  /**
   * Each present client's state as UTF-8 JSON, encoded once when it
   * changes: every joining connection is sent every state, so a room of N
   * would otherwise serialise N states N times as its people arrive.
   */
  readonly #encoded = new Map<number, Uint8Array>();
  /** The next relay: when it is due (performance.now()), and its timer. */
  #relay: { due: number; cancel(): void } | null = null;

  constructor(
    doc: Y.Doc,
    private readonly owners: ClientIdOwners,
    private readonly broadcast: (message: Uint8Array<ArrayBuffer>) => void,
    private readonly refused: (reason: string) => void,
    /** States this instance accepted, for the other instances (relay.ts). */
    private readonly publish: (update: Uint8Array) => void = () => {},
  ) {
    this.#awareness = new Awareness(doc);
    // The server itself is nobody: no local state.
    this.#awareness.setLocalState(null);
    // Changes are relayed once per turn of the event loop, each client's
    // latest state once, like Hocuspocus's flush. The stock y-websocket
    // client sends every awareness update it receives back to the server, so
    // each relay comes back from every connection: N clients renewing their
    // states every 15 s would cost N x N inbound messages relayed one by one,
    // and as many when they join. Batched, a burst costs one relay and one
    // echo per client; a lone change still goes out in the same turn.
    //
    // Arrivals, departures and renewals may wait a little longer
    // (relayDelayMs). States from another instance are passed on at once:
    // the instance that accepted them already waited.
    this.#awareness.on('update', ({ added, updated, removed }: AwarenessChanges, origin: unknown) => {
      let delay: number = origin === relayOrigin ? relayDelayMs.change : added.length > 0 || removed.length > 0 ? relayDelayMs.arrival : relayDelayMs.renewal;
      for (const clientId of [...added, ...updated]) {
        const encoded = utf8.encode(JSON.stringify(this.#awareness.getStates().get(clientId) ?? null));
        const previous = this.#encoded.get(clientId);
        if (previous && Buffer.compare(previous, encoded) !== 0) delay = relayDelayMs.change;
        this.#encoded.set(clientId, encoded);
      }
      for (const clientId of removed) this.#encoded.delete(clientId);
      for (const clientId of [...added, ...updated, ...removed]) {
        this.#changed.add(clientId);
        if (origin !== relayOrigin) this.#accepted.add(clientId);
      }
      this.#scheduleRelay(delay);
    });
  }

  /**
   * States another instance accepted (and so already judged): kept and
   * passed on to this instance's clients. Their holders are elsewhere, so a
   * local connection cannot take them over while they are fresh.
   */
  receiveRelayed(update: Uint8Array): void {
    applyAwarenessUpdate(this.#awareness, update, relayOrigin);
  }

  /** Applies a client's awareness update (the message body), keeping only what it may set. Throws ProtocolError when malformed. */
  receive(connection: Connection, update: Uint8Array): void {
    const accepted: AwarenessState[] = [];
    for (const received of decodeAwarenessUpdate(update)) {
      if (this.#echoed(connection, received)) continue;
      const entry = { clientId: received.clientId, clock: received.clock, state: awarenessState(received) };
      const verdict = this.#judge(connection, entry);
      if (verdict !== 'accept') {
        if (verdict !== 'stale') this.refused(`awareness-${verdict}`);
        continue;
      }
      if (entry.state === null) {
        accepted.push(entry);
        continue;
      }
      const state = entry.state as Record<string, unknown>;
      const user = isRecord(state.user) ? state.user : {};
      const id = connection.peer.shownId ?? connection.peer.userId;
      accepted.push({
        ...entry,
        // The colour too: a client's own choice of it (a hash of its real id) would hint at who is behind an alias.
        state: { ...state, user: { ...user, name: connection.peer.userName, id, color: userColor(id) } },
      });
    }
    if (accepted.length > 0) applyAwarenessUpdate(this.#awareness, encodeAwarenessUpdate(accepted), connection);
  }

  /** Publishes the states this instance's connections hold, for an instance that asked (relay.ts presenceAsked). */
  publishHeld(): void {
    if (this.#holders.size > 0) this.publish(this.#encode(this.#holders.keys()));
  }

  /** Every current state, for a new connection or a query; null when nobody is here. */
  statesMessage(): Uint8Array<ArrayBuffer> | null {
    const clients = [...this.#awareness.getStates().keys()];
    return clients.length > 0 ? encodeAwareness(this.#encode(clients)) : null;
  }

  /** The connection closed: its states go, and everyone is told. */
  release(connection: Connection): void {
    const held = [...connection.awarenessClientIds].filter((id) => this.#holders.get(id) === connection);
    for (const id of held) this.#holders.delete(id);
    connection.awarenessClientIds.clear();
    if (held.length > 0) removeAwarenessStates(this.#awareness, held, connection);
  }

  destroy(): void {
    this.#holders.clear();
    this.#encoded.clear();
    // Destroying clears the (null) local state, an 'update' of its own: nothing is relayed after this.
    this.#awareness.destroy();
    this.#cancelRelay();
  }

  /** Relays what waits within `delayMs` (0: at the end of this turn), unless a relay is due sooner. */
  #scheduleRelay(delayMs: number): void {
    const due = performance.now() + delayMs;
    if (this.#relay && this.#relay.due <= due) return;
    this.#cancelRelay();
    if (delayMs === 0) {
      const handle = setImmediate(() => this.#relayChanges());
      this.#relay = { due, cancel: () => clearImmediate(handle) };
    } else {
      const handle = setTimeout(() => this.#relayChanges(), delayMs).unref();
      this.#relay = { due, cancel: () => clearTimeout(handle) };
    }
  }

  #cancelRelay(): void {
    this.#relay?.cancel();
    this.#relay = null;
  }

  #relayChanges(): void {
    this.#relay = null;
    if (this.#changed.size > 0) this.broadcast(encodeAwareness(this.#encode(this.#changed)));
    if (this.#accepted.size > 0) this.publish(this.#encode(this.#accepted));
    this.#changed.clear();
    this.#accepted.clear();
  }

  /** The awareness update holding these clients' states (null for those who left), at their clocks. */
  #encode(clientIds: Iterable<number>): Uint8Array<ArrayBuffer> {
    const entries = [...clientIds].map((clientId) => ({
      clientId,
      clock: this.#awareness.meta.get(clientId)?.clock ?? 0,
      utf8: this.#encoded.get(clientId) ?? nullState,
    }));
    return encodeEncodedAwareness(entries);
  }

  /**
   * Stock y-websocket clients echo every awareness change they receive,
   * other people's included. An entry for a client id this connection does
   * not hold, with no newer clock than the state here, is such an echo: it
   * would change nothing, and is skipped before its JSON is read: each round
   * of changes comes back from every client, so a room of N would parse N
   * times what it relayed.
   */
  #echoed(connection: Connection, entry: AwarenessEntry): boolean {
    if (this.#holders.get(entry.clientId) === connection) return false;
    const known = this.#awareness.meta.get(entry.clientId);
    return known !== undefined && entry.clock <= known.clock;
  }

  /** Whether `connection` may set this entry (not an echo), claiming its client id if need be. */
  #judge(connection: Connection, entry: AwarenessState): 'accept' | 'stale' | 'foreign-client' | 'malformed-state' | 'too-many-clients' {
    const { clientId, state } = entry;
    if (state !== null && !isRecord(state)) return 'malformed-state';
    const holder = this.#holders.get(clientId);
    if (holder === connection) return 'accept';
    // A removal from a connection that does not hold the id: not its to make.
    if (state === null) return 'stale';
    const { userId } = connection.peer;
    // The same user's newer connection takes over: a reconnect racing the old socket's close.
    if (holder && holder.peer.userId !== userId) return 'foreign-client';
    const owner = this.owners.of(clientId);
    if (owner !== undefined && owner !== userId) return 'foreign-client';
    if (connection.awarenessClientIds.size >= maxClientIdsPerConnection) return 'too-many-clients';
    if (owner === undefined) this.owners.claim(clientId, userId);
    holder?.awarenessClientIds.delete(clientId);
    this.#holders.set(clientId, connection);
    connection.awarenessClientIds.add(clientId);
    return 'accept';
  }
}

/** Who owns which Yjs client id in the document: read, and claimed by a first awareness state. */
export interface ClientIdOwners {
  of(clientId: number): string | undefined;
  claim(clientId: number, userId: string): void;
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
