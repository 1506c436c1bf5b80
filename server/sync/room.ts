import * as Y from 'yjs';
import { closeCodes } from '../../shared/close-codes';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { ColdLoad } from './cold-load';
import type { Connection, MessageHandler } from './connection';
import { ClientIdTaken, type DocumentStorage } from './document-storage';
import { HeardUpdates, type HeardUpdatesTarget } from './heard-updates';
import { decodeClientMessage, encodeSyncStep1, encodeSyncStep2 } from './protocol';
import { refuse } from './refusal';
import { localRelay, type Relay } from './relay';
import { RoomAwareness } from './room-awareness';
import { type OpenPhase, type RoomPhase, type RoomState, unreachable } from './room-phase';
import { applyStored } from './update-log';
import { OwnerInDoubt } from './update-guard';
import { UpdateWriter } from './update-writer';

export interface RoomContext {
  storage: DocumentStorage;
  /** Other instances serving the same documents (relay.ts). */
  relay: Relay;
  config: Config['sync'];
  logger: Logger;
  metrics: Metrics;
  /** The room has no connections left. */
  idle(room: Room): void;
  /** The room closed (unloaded or failed); forget it. */
  closed(room: Room): void;
  /** The clock peers' `writableUntil` is checked against; Date.now unless given. */
  now?: () => number;
}

/** Catch-ups with storage one connection's doubted writes may ask for (see Room#receiveUpdate). */
const catchUpsPerConnection = 3;

/**
 * One loaded document: its Y.Doc, awareness and connections.
 *
 * The sync contract: an update is stored before anyone else sees it, in a
 * relay or in a sync step 2. An incoming update is taken in (ingest.ts:
 * guarded, its client ids claimed, measured, applied); what was new joins
 * the room's open batch; the batch is group-committed (pending-writes.ts);
 * only then are its relays sent. A step 2 reply is computed when asked but
 * held until the newest batch commits, since it may contain that batch's
 * updates. So a step 2 reply also tells its client that everything it sent
 * before its step 1 is stored (clients use this as a "saved" probe). If a
 * commit fails, every connection is closed with storageFailed and the room
 * is dropped, so nothing unstored is ever acknowledged; clients resend it on
 * reconnect. The server may write an update for a user too (restoring a
 * version, `applyAs`); it takes the same path as a client's.
 */
export class Room implements MessageHandler {
  #phase: RoomPhase = { name: 'loading' };
  readonly doc = new Y.Doc();
  readonly #connections = new Set<Connection>();
  readonly #awareness: RoomAwareness;
  readonly #writer: UpdateWriter;
  readonly #heard: HeardUpdates;
  readonly #logger: Logger;
  /** Catch-ups each connection's doubted writes asked for (see #receiveUpdate). */
  readonly #catchUps = new WeakMap<Connection, number>();
  #loaded: Promise<void> = Promise.resolve();
  #unloaded: Promise<void> | null = null;
  readonly closed: Promise<void>;
  #markClosed!: () => void;

  constructor(
    readonly docId: string,
    private readonly context: RoomContext,
  ) {
    this.#logger = context.logger.child({ docId });
    this.#writer = new UpdateWriter({
      docId,
      connections: this.#connections,
      publish: (update) => context.relay.publishUpdate(docId, update),
      storage: context.storage,
      every: { updates: context.config.checkpointEveryUpdates, bytes: context.config.checkpointEveryBytes },
      logger: this.#logger,
      snapshot: () => Y.encodeStateAsUpdate(this.#built()),
      failed: (err) => this.#failed(err),
    });
    this.closed = new Promise((resolve) => (this.#markClosed = resolve));
    this.#awareness = new RoomAwareness(
      this.doc,
      {
        of: (clientId) => (this.#phase.name === 'open' ? this.#phase.owners.get(clientId) : undefined),
        // Stored with the next batch of updates, as a claim by writing is.
        claim: (clientId, userId) => {
          if (this.#phase.name !== 'open') return;
          this.#phase.owners.set(clientId, userId);
          this.#writer.pending.add([], [{ clientId, userId }], []);
        },
      },
      (message) => this.#broadcast(message),
      (reason) => context.metrics.rejectedMessages.inc({ reason }),
      (update) => context.relay.publishAwareness(docId, update),
    );
    this.#heard = new HeardUpdates({
      docId,
      storage: context.storage,
      relay: context.relay,
      logger: this.#logger,
      loaded: () => this.#loaded,
      target: () => this.#heardTarget(),
      broadcast: (message) => this.#broadcast(message),
      // Kept while loading too: the answers to this instance's presence query
      // may come before the document is read, and the greeting carries them.
      awareness: (update) => {
        if (this.#phase.name === 'loading' || this.#phase.name === 'open') this.#awareness.receiveRelayed(update);
      },
      presenceAsked: () => {
        if (this.#phase.name === 'open') this.#awareness.publishHeld();
      },
    });
    context.metrics.loadedDocs.inc();
  }

  get state(): RoomState {
    return this.#phase.name;
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Loads checkpoint + tail, after `previous` (the same document's last room) has closed. */
  load(previous?: Promise<void>): Promise<void> {
    return (this.#loaded = this.#load(previous));
  }

  async #load(previous?: Promise<void>): Promise<void> {
    try {
      await previous;
      const stored = await this.context.storage.load(this.docId);
      if (this.#phase.name !== 'loading') return;
      const coldLoad = ColdLoad.of(stored, this.doc);
      if (!coldLoad) applyStored(this.doc, stored);
      this.#phase = { name: 'open', owners: stored.owners, coldLoad };
      const tailBytes = stored.tail.reduce((sum, row) => sum + row.data.byteLength, 0);
      this.#writer.pending.loaded(stored.tail.length, tailBytes, stored.tail.at(-1)?.id ?? stored.checkpoint?.lastUpdateId ?? 0);
      this.#logger.debug({ tail: stored.tail.length }, 'document loaded');
    } catch (err) {
      this.#logger.error({ err }, 'document failed to load');
      this.#closeConnections(closeCodes.storageFailed, 'the document could not be loaded');
      this.#close();
      return;
    }
    for (const connection of this.#connections) this.#greet(connection);
    if (this.#connections.size === 0) this.context.idle(this);
  }

  join(connection: Connection): void {
    this.#connections.add(connection);
    if (this.#phase.name === 'open') this.#greet(connection);
  }

  leave(connection: Connection): void {
    if (!this.#connections.delete(connection)) return;
    this.#awareness.release(connection);
    if (this.#connections.size === 0 && this.#phase.name === 'open') this.context.idle(this);
  }

  /** Closes any connections, finishes every write, then frees the document. */
  unload(): Promise<void> {
    this.#unloaded ??= (async () => {
      await this.#loaded;
      const phase = this.#phase;
      if (phase.name === 'closed') return;
      const checkpointDue = phase.name === 'open' && !phase.coldLoad?.unchanged;
      this.#phase = { name: 'unloading', checkpointDue };
      this.#closeConnections(closeCodes.goingAway, 'the document is unloading');
      await this.#writer.pending.drained();
      // What the newest checkpoint lacks is checkpointed now, so that the next load reads one update (cold-load.ts).
      if (checkpointDue && this.#phase.name === 'unloading') {
        await this.context.storage
          .checkpointTail(this.docId, () => Y.encodeStateAsUpdate(this.doc))
          .catch((err: unknown) => this.#logger.warn({ err }, 'storing the checkpoint of an unloading document failed'));
      }
      this.#close();
    })();
    return this.#unloaded;
  }

  receive(connection: Connection, data: Uint8Array): void {
    const phase = this.#phase;
    if (phase.name !== 'open' || connection.state !== 'open') return;
    try {
      const message = decodeClientMessage(data);
      switch (message.kind) {
        case 'sync-step1': {
          const reply = encodeSyncStep2(phase.coldLoad?.answer(this.doc, message.stateVector) ?? Y.encodeStateAsUpdate(this.doc, message.stateVector));
          this.#writer.pending.afterLatestCommit(() => connection.send(reply));
          // Built once the answer is on its way (cold-load.ts).
          if (phase.coldLoad && !phase.coldLoad.built) setImmediate(() => this.#built());
          return;
        }
        case 'sync-step2':
        case 'update':
          this.#receiveUpdate(phase, connection, message.update, message.kind === 'update');
          return;
        case 'awareness':
          this.#awareness.receive(connection, message.update);
          return;
        case 'query-awareness': {
          const states = this.#awareness.statesMessage();
          if (states) connection.send(states);
          return;
        }
      }
    } catch (err) {
      refuse(connection, err, this.#logger);
    }
  }

  /**
   * Writes an update for `userId` (a restore) as if that user had sent it:
   * claimed, measured, stored, relayed to every connection. Resolves once committed.
   */
  applyAs(userId: string, update: Uint8Array): Promise<void> {
    const phase = this.#phase;
    if (phase.name !== 'open') return Promise.reject(new Error(`the document is ${phase.name}`));
    this.#writer.write(this.#built(), phase.owners, { userId, connection: null, live: false }, update);
    return this.committed();
  }

  /** Resolves once everything the document holds now is stored; rejects if storing it fails. */
  committed(): Promise<void> {
    const phase = this.#phase;
    switch (phase.name) {
      case 'loading':
      case 'closed':
        return Promise.resolve();
      case 'unloading':
        return this.closed;
      case 'open':
        return new Promise((resolve, reject) => {
          this.#writer.pending.afterLatestCommit(resolve);
          void this.closed.then(() => reject(new Error('storing the document failed')));
        });
      default:
        return unreachable(phase);
    }
  }

  /** Settles once the document has loaded (or failed to). */
  ready(): Promise<void> {
    return this.#loaded;
  }

  /**
   * With other instances serving the document, this copy may lag storage,
   * so a write under a client id not known to be the writer's (and not its
   * own in awareness) is judged only once the room has caught up
   * (update-guard.ts OwnerInDoubt): the connection's messages wait
   * meanwhile, in order. A connection gets a few such catch-ups, enough for
   * the resend of a reconnection or two; past them, its writes are judged
   * at once, so no client can make the room reload storage at will.
   */
  #receiveUpdate(phase: OpenPhase, connection: Connection, update: Uint8Array, live: boolean, mayDoubt = true): void {
    const { peer } = connection;
    // Read-only on the wire: never applied, stored or relayed. An empty
    // step 2 (two zero bytes) is what every read-only client answers the
    // server's step 1 with; only real content counts as refused.
    if (!peer.canWrite) {
      if (update.byteLength > 2) this.context.metrics.rejectedMessages.inc({ reason: 'read-only' });
      return;
    }
    // Past the peer's lock (a team's copy at its due time): read-only alike,
    // from the first update at or after that time, whenever the socket opened.
    if (peer.writableUntil != null && (this.context.now ?? Date.now)() >= peer.writableUntil) {
      if (update.byteLength > 2) this.context.metrics.rejectedMessages.inc({ reason: 'locked' });
      return;
    }
    const catchUps = this.#catchUps.get(connection) ?? 0;
    const doubting = mayDoubt && this.context.relay !== localRelay && catchUps < catchUpsPerConnection;
    const held = doubting ? connection.awarenessClientIds : null;
    try {
      this.#writer.write(this.#built(), phase.owners, { userId: peer.userId, connection, live, held }, update);
    } catch (err) {
      if (!(err instanceof OwnerInDoubt)) throw err;
      this.#catchUps.set(connection, catchUps + 1);
      connection.holdUntil(this.#heard.catchUp(), () => {
        const now = this.#phase;
        if (now.name !== 'open') return;
        try {
          this.#receiveUpdate(now, connection, update, live, false);
        } catch (error) {
          refuse(connection, error, this.#logger);
        }
      });
    }
  }

  /** Where updates another instance stored go, by phase (heard-updates.ts). */
  #heardTarget(): HeardUpdatesTarget | null {
    const phase = this.#phase;
    switch (phase.name) {
      case 'loading':
        return { phase: 'loading', doc: this.doc };
      case 'open':
        return { phase: 'open', doc: this.#built(), owners: phase.owners };
      case 'unloading':
      case 'closed':
        return null;
      default:
        return unreachable(phase);
    }
  }

  #failed(err: unknown): void {
    if (this.#phase.name === 'closed') return;
    // A client id claimed here that another instance gave someone else first: reloading learns the owner.
    if (err instanceof ClientIdTaken) this.#logger.warn({ err }, 'a client id claimed here is another user’s; dropping the document');
    else this.#logger.error({ err }, 'storing updates failed; dropping the document');
    this.context.metrics.rejectedMessages.inc({ reason: 'storage-failed' });
    this.#closeConnections(closeCodes.storageFailed, 'storing the document failed; reconnect to resend');
    this.#close();
  }

  /** The document with what was stored applied: at once, if a cold load is still waiting (cold-load.ts). */
  #built(): Y.Doc {
    if (this.#phase.name === 'open') this.#phase.coldLoad?.build(this.doc);
    return this.doc;
  }

  #greet(connection: Connection): void {
    const coldLoad = this.#phase.name === 'open' ? this.#phase.coldLoad : null;
    const greeting = [encodeSyncStep1(coldLoad?.stateVectorOf(this.doc) ?? Y.encodeStateVector(this.doc))];
    const states = this.#awareness.statesMessage();
    if (states) greeting.push(states);
    connection.open(this, greeting);
  }

  #broadcast(message: Uint8Array<ArrayBuffer>): void {
    for (const connection of this.#connections) connection.send(message);
  }

  #closeConnections(code: number, reason: string): void {
    for (const connection of [...this.#connections]) connection.close(code, reason);
  }

  #close(): void {
    if (this.#phase.name === 'closed') return;
    this.#phase = { name: 'closed' };
    this.#heard.leave();
    this.#writer.pending.stop();
    this.#awareness.destroy();
    this.doc.destroy();
    this.context.metrics.loadedDocs.dec();
    this.#markClosed();
    this.context.closed(this);
  }
}
