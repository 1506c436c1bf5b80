import * as Y from 'yjs';
import { closeCodes } from '../../shared/close-codes';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { Connection, MessageHandler } from './connection';
import { CommitRelays } from './commit-relays';
import { creditEdit, type UpdateMeasure } from './edit-tally';
import { applyCapturing, ingest, type IngestedRow } from './ingest';
import { PendingWrites } from './pending-writes';
import { ProtocolError, decodeClientMessage, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from './protocol';
import { RoomAwareness } from './room-awareness';
import type { Relay } from './relay';
import { RejectedUpdate } from './update-guard';
import type { DocumentStorage, LogRow, StoredDocument } from './document-storage';
import { applyStored, storedDiff } from './update-log';
import { encodedStateVectorOfUpdate } from './update-state-vector';

/**
 * One loaded document: its Y.Doc, awareness and connections.
 *
 * loading:   reading checkpoint + tail; connections wait.
 * open:      serving; may sit idle (no connections) until SyncServer unloads it.
 * unloading: connections gone, finishing its writes.
 * closed:    final; the Y.Doc is destroyed. Also reached when storage fails.
 *
 * The durability rule (SPEC "Sync socket"): an update is committed to the log
 * before anyone else sees it, in a relay or in a sync step 2. An incoming
 * update is applied to the Y.Doc with its connection as origin; the effective
 * update Y reports (what was new) joins the room's open batch; the batch is
 * group-committed (UpdateLog); only then are its relays sent. A step 2 reply
 * is computed when asked but held until the newest batch commits, since it
 * may contain that batch's updates. So a step 2 reply also tells its client
 * that everything it sent before its step 1 is stored (clients use this as
 * a "saved" probe). If a commit fails, every connection is closed with
 * storageFailed and the room is dropped, so nothing unstored is ever
 * acknowledged; clients resend it on reconnect.
 *
 * Each applied update is also measured (edit-tally.ts: characters inserted
 * and deleted, words, pastes) and its record travels with its rows, so the
 * update log's commit hooks keep contribution totals in the same transaction.
 * The server may write an update for a user too (restoring a version,
 * `applyAs`); it takes the same path as a client's.
 */
export type RoomState = 'loading' | 'open' | 'unloading' | 'closed';

/** Who an update comes from: a client's connection, or the server acting for a user (a restore). */
interface UpdateSource {
  userId: string;
  connection: Connection | null;
  /** A single live edit (a client's `update` message), the only kind a paste is told in. */
  live: boolean;
}

/** The Yjs origin of updates the server applies for a user. */
const serverOrigin = Symbol('server');
/** The Yjs origin of updates another instance stored (relay.ts). */
const relayOrigin = Symbol('relay');

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
}

export class Room implements MessageHandler {
  #state: RoomState = 'loading';
  readonly doc = new Y.Doc();
  readonly #awareness: RoomAwareness;
  readonly #connections = new Set<Connection>();
  readonly #commitRelays = new CommitRelays(this.#connections);
  #owners = new Map<number, string>();
  readonly #writes: PendingWrites;
  #loaded: Promise<void> = Promise.resolve();
  #unloading: Promise<void> | null = null;
  readonly #logger: Logger;
  readonly closed: Promise<void>;
  #markClosed!: () => void;
  readonly #leaveChannel: () => void;
  #resyncing: Promise<void> | null = null;
  #resyncAgain = false;
  /** Cold load (issue 8): the stored document, read but not yet applied to `doc`, and its state vector (see #load). */
  #deferred: { stored: StoredDocument; stateVector: Uint8Array } | null = null;
  /** The stored document (one update) that `doc` still is exactly: new clients are answered with its bytes. */
  #unchanged: StoredDocument | null = null;

  constructor(
    readonly docId: string,
    private readonly context: RoomContext,
  ) {
    this.#logger = context.logger.child({ docId });
    this.#writes = new PendingWrites({
      docId,
      storage: context.storage,
      every: { updates: context.config.checkpointEveryUpdates, bytes: context.config.checkpointEveryBytes },
      logger: this.#logger,
      snapshot: () => Y.encodeStateAsUpdate(this.#built()),
      failed: (err) => this.#failed(err),
    });
    this.closed = new Promise((resolve) => (this.#markClosed = resolve));
    this.#awareness = new RoomAwareness(
      this.doc,
      (clientId) => this.#owners.get(clientId),
      (message) => this.#broadcast(message),
      (reason) => context.metrics.rejectedMessages.inc({ reason }),
      (update) => context.relay.publishAwareness(docId, update),
    );
    context.metrics.loadedDocs.inc();
    // Listening starts before loading, so that nothing stored meanwhile by another instance is missed.
    this.#leaveChannel = context.relay.join(docId, {
      update: (update) => this.#applyRelayed(update),
      awareness: (update) => {
        if (this.#state === 'open') this.#awareness.receiveRelayed(update);
      },
      resync: () => void this.#resync(),
    });
  }

  get state(): RoomState {
    return this.#state;
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Loads checkpoint + tail, after `previous` (the same document's last room) has closed. */
  load(previous?: Promise<void>): Promise<void> {
    this.#loaded = this.#load(previous);
    return this.#loaded;
  }

  async #load(previous?: Promise<void>): Promise<void> {
    try {
      await previous;
      const stored = await this.context.storage.load(this.docId);
      if (this.#state !== 'loading') return;
      // A document stored as one update (a checkpoint and no tail) answers
      // its first client's step 1 with those bytes, and is applied to `doc`
      // only once that answer is sent (or something needs it first): the
      // client applies the document while the server does, instead of after
      // it. Its state vector, for the greeting, is read from the bytes at a
      // fraction of applying them. Not when another instance's update
      // already arrived meanwhile.
      const { store } = this.doc;
      const untouched = store.clients.size === 0 && store.pendingStructs === null && store.pendingDs === null;
      if (untouched && stored.checkpoint && stored.tail.length === 0) {
        this.#deferred = { stored, stateVector: encodedStateVectorOfUpdate(stored.checkpoint.data) };
        this.#unchanged = stored;
      } else {
        applyStored(this.doc, stored);
      }
      this.#owners = stored.owners;
      this.#writes.loaded(
        stored.tail.length,
        stored.tail.reduce((sum, row) => sum + row.data.byteLength, 0),
        stored.tail.at(-1)?.id ?? stored.checkpoint?.lastUpdateId ?? 0,
      );
      this.#state = 'open';
      this.#logger.debug({ tail: stored.tail.length }, 'document loaded');
    } catch (err) {
      this.#logger.error({ err }, 'document failed to load');
      for (const connection of [...this.#connections]) connection.close(closeCodes.storageFailed, 'the document could not be loaded');
      this.#close();
      return;
    }
    for (const connection of this.#connections) this.#greet(connection);
    if (this.#connections.size === 0) this.context.idle(this);
  }

  join(connection: Connection): void {
    this.#connections.add(connection);
    if (this.#state === 'open') this.#greet(connection);
  }

  leave(connection: Connection): void {
    if (!this.#connections.delete(connection)) return;
    this.#awareness.release(connection);
    if (this.#connections.size === 0 && this.#state === 'open') this.context.idle(this);
  }

  /** Closes any connections, finishes every write, then frees the document. */
  unload(): Promise<void> {
    this.#unloading ??= (async () => {
      await this.#loaded;
      if (this.#state === 'closed') return;
      this.#state = 'unloading';
      for (const connection of [...this.#connections]) connection.close(closeCodes.goingAway, 'the document is unloading');
      await this.#writes.drained();
      // What the newest checkpoint lacks is checkpointed now, so that the next load reads one update (issue 8).
      if (this.#state === 'unloading' && !this.#unchanged) {
        await this.context.storage.checkpointTail(this.docId, () => Y.encodeStateAsUpdate(this.doc)).catch((err: unknown) =>
          this.#logger.warn({ err }, 'storing the checkpoint of an unloading document failed'),
        );
      }
      this.#close();
    })();
    return this.#unloading;
  }

  receive(connection: Connection, data: Uint8Array): void {
    if (this.#state !== 'open' || connection.state !== 'open') return;
    try {
      const message = decodeClientMessage(data);
      switch (message.kind) {
        case 'sync-step1': {
          // Structs waiting for their dependencies change what a step 2 holds without an 'update' event.
          const { pendingStructs, pendingDs } = this.doc.store;
          const unchanged = pendingStructs === null && pendingDs === null ? this.#unchanged : null;
          const fromStorage = unchanged ? storedDiff(unchanged, message.stateVector) : null;
          const reply = encodeSyncStep2(fromStorage ?? Y.encodeStateAsUpdate(this.doc, message.stateVector));
          this.#writes.afterLatestCommit(() => connection.send(reply));
          // Built once the answer is on its way (see #load).
          if (this.#deferred) setImmediate(() => this.#built());
          return;
        }
        case 'sync-step2':
          this.#receiveUpdate(connection, message.update, false);
          return;
        case 'update':
          this.#receiveUpdate(connection, message.update, true);
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
      this.#refuse(connection, err);
    }
  }

  /**
   * Applies an update the server wrote for `userId` (a restore) as if that
   * user had sent it: its client ids are claimed for them, it is measured,
   * stored, and relayed to every connection once committed. Resolves then.
   */
  applyAs(userId: string, update: Uint8Array): Promise<void> {
    if (this.#state !== 'open') return Promise.reject(new Error(`the document is ${this.#state}`));
    this.#apply({ userId, connection: null, live: false }, update);
    return this.committed();
  }

  /** Resolves once everything the document holds now is stored; rejects if storing it fails. */
  committed(): Promise<void> {
    if (this.#state === 'unloading') return this.closed;
    if (this.#state !== 'open') return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#writes.afterLatestCommit(resolve);
      void this.closed.then(() => reject(new Error('storing the document failed')));
    });
  }

  /** Settles once the document has loaded (or failed to). */
  ready(): Promise<void> {
    return this.#loaded;
  }

  #receiveUpdate(connection: Connection, update: Uint8Array, live: boolean): void {
    const { peer } = connection;
    if (!peer.canWrite) {
      // Read-only on the wire: never applied, stored or relayed. An empty
      // step 2 (two zero bytes) is what every read-only client answers the
      // server's step 1 with; only real content counts as refused.
      if (update.byteLength > 2) this.context.metrics.rejectedMessages.inc({ reason: 'read-only' });
      return;
    }
    this.#apply({ userId: peer.userId, connection, live }, update);
  }

  #apply(source: UpdateSource, update: Uint8Array): void {
    const { rows, claims, measure, failure } = ingest(this.#built(), this.#owners, source.userId, update, source.connection ?? serverOrigin);
    if (rows.length > 0) this.#enqueue(source, rows, claims, measure);
    if (failure !== null) throw failure;
  }

  #enqueue(
    source: UpdateSource,
    rows: readonly IngestedRow[],
    claims: number[],
    measure: UpdateMeasure,
  ): void {
    const { userId, connection, live } = source;
    const createdAt = Date.now();
    const stored: LogRow[] = rows.map(({ data }) => ({ userId, data, createdAt }));
    const relays = rows.filter((row) => row.relay).map(({ data }) => () => this.#commitRelays.add(data, connection));
    // Other instances hear it once stored too (everything, the pending structs included).
    const published = rows.length === 1 ? rows[0]!.data : Y.mergeUpdates(rows.map(({ data }) => data));
    relays.push(() => this.context.relay.publishUpdate(this.docId, published));
    const edit = creditEdit(measure, { actor: userId, at: createdAt, live });
    this.#writes.add(
      stored,
      claims.map((clientId) => ({ clientId, userId })),
      relays,
      [edit],
    );
  }

  /**
   * An update another instance stored: applied and passed on to this
   * instance's clients, not stored again. While loading it is only applied
   * (the greeting's sync covers it).
   */
  #applyRelayed(update: Uint8Array): void {
    if (this.#state !== 'open' && this.#state !== 'loading') return;
    const { effective, failure } = applyCapturing(this.#built(), update, relayOrigin);
    if (failure !== null) {
      this.#logger.warn({ err: failure }, 'a relayed update could not be applied; catching up from storage');
      void this.#resync();
    }
    if (this.#state !== 'open') return;
    for (const u of effective) this.#broadcast(encodeUpdate(u));
  }

  /**
   * Catches up from storage after messages may have been missed (relay.ts):
   * the stored document's difference from this one, by state vector, is
   * applied like a relayed update. Runs one at a time; a request during a
   * run runs again after it.
   */
  #resync(): Promise<void> {
    if (this.#resyncing) {
      this.#resyncAgain = true;
      return this.#resyncing;
    }
    this.#resyncing = (async () => {
      do {
        this.#resyncAgain = false;
        await this.#loaded;
        if (this.#state !== 'open') return;
        try {
          const stored = await this.context.storage.load(this.docId);
          if (this.#state !== 'open') return;
          for (const [clientId, userId] of stored.owners) if (!this.#owners.has(clientId)) this.#owners.set(clientId, userId);
          const copy = new Y.Doc();
          applyStored(copy, stored);
          const missing = Y.encodeStateAsUpdate(copy, Y.encodeStateVector(this.#built()));
          copy.destroy();
          this.#applyRelayed(missing);
        } catch (err) {
          this.#logger.warn({ err }, 'catching up from storage failed');
        }
      } while (this.#resyncAgain);
    })().finally(() => (this.#resyncing = null));
    return this.#resyncing;
  }

  #failed(err: unknown): void {
    if (this.#state === 'closed') return;
    this.#logger.error({ err }, 'storing updates failed; dropping the document');
    this.context.metrics.rejectedMessages.inc({ reason: 'storage-failed' });
    for (const connection of [...this.#connections]) {
      connection.close(closeCodes.storageFailed, 'storing the document failed; reconnect to resend');
    }
    this.#close();
  }

  /** The document with what was stored applied: at once, if a cold load deferred it (see #load). */
  #built(): Y.Doc {
    const deferred = this.#deferred;
    if (deferred && this.#state === 'open') {
      this.#deferred = null;
      applyStored(this.doc, deferred.stored);
      // Warm loads are answered from the stored bytes too, until the document changes.
      this.doc.once('update', () => (this.#unchanged = null));
    }
    return this.doc;
  }

  #greet(connection: Connection): void {
    const greeting = [encodeSyncStep1(this.#deferred?.stateVector ?? Y.encodeStateVector(this.doc))];
    const states = this.#awareness.statesMessage();
    if (states) greeting.push(states);
    connection.open(this, greeting);
  }

  #broadcast(message: Uint8Array<ArrayBuffer>): void {
    for (const connection of this.#connections) connection.send(message);
  }

  #refuse(connection: Connection, err: unknown): void {
    if (err instanceof RejectedUpdate) {
      const code = err.reason === 'forged-client-id' ? closeCodes.clientIdForged : closeCodes.badMessage;
      this.#logger.info({ userId: connection.peer.userId, reason: err.reason, detail: err.message }, 'update refused');
      connection.reject(err.reason, code, err.message);
    } else if (err instanceof ProtocolError) {
      this.#logger.info({ userId: connection.peer.userId, detail: err.message }, 'malformed message');
      connection.reject('malformed', closeCodes.badMessage, err.message);
    } else {
      this.#logger.warn({ err, userId: connection.peer.userId }, 'message failed');
      connection.reject('failed', closeCodes.badMessage, 'the message could not be applied');
    }
  }

  #close(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#leaveChannel();
    this.#writes.stop();
    this.#awareness.destroy();
    this.doc.destroy();
    this.context.metrics.loadedDocs.dec();
    this.#markClosed();
    this.context.closed(this);
  }
}
