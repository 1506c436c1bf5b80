import { closeCodes } from '../../shared/close-codes';
import type { Role } from '../../shared/permissions';

/**
 * One client's sync socket, as the sync module sees it. The HTTP layer adapts
 * its WebSocket to `SyncSocket` and tells the connection what arrives; the
 * sync module never sees Hono or `ws`.
 */
export interface SyncSocket {
  send(message: Uint8Array<ArrayBuffer>): void;
  close(code: number, reason: string): void;
  /** Bytes handed to the socket and not yet written to the network. */
  readonly bufferedAmount: number;
}

/** Who is on the other end, as established before the upgrade. */
export interface SyncPeer {
  docId: string;
  groupId: string;
  userId: string;
  /**
   * The name awareness states carry whatever the client claims: the user's
   * real name, or their alias in the document's group (member-names.ts).
   * Awareness goes to everyone in the room, so it is the name shown to all.
   */
  userName: string;
  /** The id awareness states carry: the user's, or their stand-in id where they have an alias. */
  shownId?: string;
  sessionId: string;
  role: Role;
  /** can(role, 'edit'): without it, document updates are dropped on the wire. */
  canWrite: boolean;
  /**
   * When the peer's writing ends (ms since the epoch, the server's clock): a
   * team's copy locks for its members at its due time, and each update is
   * checked against it, so the lock holds on sockets opened before it.
   * Null or absent: no end. Changed in place when an instructor extends the
   * due time or reopens the copy (SyncServer.setWritableUntil).
   */
  writableUntil?: number | null;
  /**
   * SyncServer.admissionTicket() taken before access was checked: access
   * events published after it are applied to the connection when it opens.
   */
  admittedAt?: number;
}

/**
 * waiting: accepted, its document is loading; messages are held.
 * open:    greeted with the server's sync step 1; messages go to the room,
 *          except while the room holds them (`holdUntil`), in order.
 * closed:  final; nothing is sent or received any more.
 */
export type ConnectionState = 'waiting' | 'open' | 'closed';

export interface ConnectionHooks {
  /** Once, when the connection closes for whatever reason. */
  closed(connection: Connection): void;
  /** A message was refused; `reason` labels the metric. */
  rejected(reason: string): void;
}

export interface MessageHandler {
  receive(connection: Connection, message: Uint8Array): void;
}

export class Connection {
  #state: ConnectionState = 'waiting';
  #handler: MessageHandler | null = null;
  #held: Uint8Array[] = [];
  #heldBytes = 0;
  /** The room holds this connection's messages until something settles (`holdUntil`). */
  #holding = false;
  #closeCode: number | null = null;
  /** Awareness client ids this connection set states for (see RoomAwareness). */
  readonly awarenessClientIds = new Set<number>();

  constructor(
    readonly peer: SyncPeer,
    private readonly socket: SyncSocket,
    private readonly maxBufferedBytes: number,
    private readonly hooks: ConnectionHooks,
  ) {}

  get state(): ConnectionState {
    return this.#state;
  }

  /** The code this connection was closed with by the server, if it was. */
  get closeCode(): number | null {
    return this.#closeCode;
  }

  /** A frame from the socket: binary frames are protocol messages, text frames are not. */
  receive(data: Uint8Array | string): void {
    if (this.#state === 'closed') return;
    if (typeof data === 'string') {
      this.reject('text-frame', closeCodes.badMessage, 'text frames are not part of the protocol');
      return;
    }
    if (this.#state === 'waiting' || !this.#handler || this.#holding) {
      this.#heldBytes += data.byteLength;
      if (this.#heldBytes > this.maxBufferedBytes) {
        this.reject('too-slow', closeCodes.tooSlow, 'too much sent before the document was ready');
        return;
      }
      this.#held.push(data);
      return;
    }
    this.#handler.receive(this, data);
  }

  /** The document is ready: send the greeting, then handle what arrived meanwhile. */
  open(handler: MessageHandler, greeting: readonly Uint8Array<ArrayBuffer>[]): void {
    if (this.#state !== 'waiting') return;
    this.#state = 'open';
    this.#handler = handler;
    for (const message of greeting) this.send(message);
    this.#handleHeld();
  }

  /**
   * Holds what arrives from now on until `settled` settles; then, if still
   * open, runs `resume` (the room finishing the message that asked for the
   * hold) and handles the held messages in order. Held messages count
   * against the same bound as those held while the document loads.
   */
  holdUntil(settled: Promise<unknown>, resume: () => void): void {
    this.#holding = true;
    const release = () => {
      this.#holding = false;
      if (this.#state !== 'open') return;
      resume();
      this.#handleHeld();
    };
    settled.then(release, release);
  }

  #handleHeld(): void {
    const held = this.#held;
    this.#held = [];
    this.#heldBytes = 0;
    for (const [i, message] of held.entries()) {
      if (this.#state !== 'open') return;
      if (this.#holding) {
        // A held message asked for another hold: the rest wait again, ahead of anything newer.
        const rest = held.slice(i);
        this.#held = [...rest, ...this.#held];
        this.#heldBytes = this.#held.reduce((sum, m) => sum + m.byteLength, 0);
        return;
      }
      this.#handler!.receive(this, message);
    }
  }

  send(message: Uint8Array<ArrayBuffer>): void {
    if (this.#state !== 'open') return;
    // A client that stops reading would make the server buffer every update
    // for it without bound; close it instead and let it resync on reconnect.
    // (Only what is already queued counts: one large first sync is fine.)
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.reject('too-slow', closeCodes.tooSlow, 'the client does not keep up');
      return;
    }
    this.socket.send(message);
  }

  /** Closes with `code` and counts the refused message under `reason`. */
  reject(reason: string, code: number, message: string): void {
    if (this.#state === 'closed') return;
    this.hooks.rejected(reason);
    this.close(code, message);
  }

  close(code: number, reason: string): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#closeCode = code;
    this.#held = [];
    try {
      // RFC 6455 limits a close reason to 123 bytes.
      this.socket.close(code, reason.slice(0, 120));
    } catch {
      // already gone: nothing to tell it
    }
    this.hooks.closed(this);
  }

  /** The socket closed from its side (client left, network gone, 1009 from ws). */
  socketClosed(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#held = [];
    this.hooks.closed(this);
  }
}
