import { type CloseCode, closeCodes } from '../../shared/close-codes';
import type { AccessEvent } from '../access-events';
import { type AccessEnd, type AdmissionTicket, AdmissionWindow, accessVerdict } from '../connection-access';
import type { Config } from '../config';
import type { Store } from '../db/database';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { Connection, type SyncPeer, type SyncSocket } from './connection';
import { type Relay, localRelay } from './relay';
import { Room } from './room';
import { SqlDocumentStorage } from './sql-document-storage';
import { type CommitHook, UpdateLog } from './update-log';

export type { SyncPeer, SyncSocket } from './connection';

/**
 * The registry of loaded documents (rooms) and open sync connections of one
 * server instance.
 *
 * - A document loads on its first connection (concurrent first connections
 *   share the load) and unloads `unloadDelayMs` after its last connection
 *   left, once its writes are committed. At most `maxLoadedDocs` are loaded:
 *   idle ones are evicted first; when every one is in use, a new document is
 *   refused with closeCodes.serverBusy. One account may hold at most
 *   `docsPerUser` documents open (with a connection) at once, so that it
 *   cannot fill `maxLoadedDocs` and refuse everyone else: a connection to one
 *   more is closed with serverBusy (its client retries, and gets in once
 *   one of the others is closed); a document it already has open is never
 *   refused.
 * - Access events (logout, password change, removal from a group, role
 *   change) close the affected connections at once, with a code that tells
 *   the client whether reconnecting can help.
 */
export interface SyncServerOptions {
  store: Store;
  config: Config['sync'];
  logger: Logger;
  metrics: Metrics;
  /** Run inside every commit of the update log (contribution totals, session versions). */
  commitHooks?: readonly CommitHook[];
  /** Other instances serving the same documents; alone by default (relay.ts). */
  relay?: Relay;
  /** The clock peers' `writableUntil` (a copy's lock at its due time) is checked against; Date.now unless given. */
  now?: () => number;
  /** Told after each checkpoint is stored, for work that follows the log at a distance (history states). */
  checkpointed?: (docId: string, lastUpdateId: number) => void;
}

export interface SyncStats {
  connections: number;
  loadedDocs: number;
  /** Group-commit transactions so far. */
  transactions: number;
}

export class SyncServer {
  readonly #rooms = new Map<string, Room>();
  readonly #connections = new Set<Connection>();
  readonly #roomOf = new Map<Connection, Room>();
  /** Each account's open documents, with its connections to each. */
  readonly #docsOf = new Map<string, Map<string, number>>();
  readonly #unloadTimers = new Map<Room, NodeJS.Timeout>();
  readonly #log: UpdateLog;
  readonly #storage: SqlDocumentStorage;
  readonly #logger: Logger;
  /** Access events heard lately, for connections admitted just before them. */
  readonly #admissions = new AdmissionWindow();
  #stopping: Promise<void> | null = null;

  constructor(private readonly options: SyncServerOptions) {
    this.#log = new UpdateLog(options.store.db, options.metrics, options.commitHooks, options.store.durably);
    this.#storage = new SqlDocumentStorage(this.#log, options.store.db, {
      alone: (options.relay ?? localRelay) === localRelay,
      checkpointed: options.checkpointed,
    });
    this.#logger = options.logger.child({ module: 'sync' });
  }

  /** Whether `userId` has `docId` open on this instance right now (mail about it can wait: they are there). */
  isOpenBy(docId: string, userId: string): boolean {
    for (const connection of this.#connections) {
      if (connection.peer.docId === docId && connection.peer.userId === userId) return true;
    }
    return false;
  }

  stats(): SyncStats {
    return { connections: this.#connections.size, loadedDocs: this.#rooms.size, transactions: this.#log.transactions };
  }

  /** Take this before checking access for a new connection; pass it as `peer.admittedAt`. */
  admissionTicket(): AdmissionTicket {
    return this.#admissions.ticket();
  }

  /** A socket whose access was checked; returns the connection to feed its frames and close to. */
  accept(socket: SyncSocket, peer: SyncPeer): Connection {
    const connection = new Connection(peer, socket, this.options.config.maxSocketBufferBytes, {
      closed: (closed) => this.#connectionClosed(closed),
      rejected: (reason) => this.options.metrics.rejectedMessages.inc({ reason }),
    });
    this.#connections.add(connection);
    this.options.metrics.connections.inc();

    if (this.#stopping) {
      connection.close(closeCodes.goingAway, 'the server is shutting down');
      return connection;
    }
    const missed = peer.admittedAt === undefined ? null : this.#admissions.missed(peer.admittedAt, (event) => accessVerdict(event, peer));
    if (missed) {
      close(connection, missed);
      return connection;
    }
    const held = this.#docsOf.get(peer.userId);
    if (held && !held.has(peer.docId) && held.size >= this.options.config.docsPerUser) {
      this.options.metrics.rejectedMessages.inc({ reason: 'docs-per-user' });
      connection.close(closeCodes.serverBusy, `you have ${held.size} documents open, as many as one account may; close one to open another`);
      return connection;
    }
    const room = this.#roomFor(peer.docId);
    if (!room) {
      this.options.metrics.rejectedMessages.inc({ reason: 'server-busy' });
      connection.close(closeCodes.serverBusy, 'too many documents are open; try again shortly');
      return connection;
    }
    this.#roomOf.set(connection, room);
    this.#hold(peer, 1);
    this.#cancelUnload(room);
    this.#logger.debug({ docId: peer.docId, userId: peer.userId, canWrite: peer.canWrite }, 'sync connection opened');
    room.join(connection);
    return connection;
  }

  /** Resolves once every update the server holds for `docId` is stored. */
  async committed(docId: string): Promise<void> {
    const room = this.#rooms.get(docId);
    if (!room) return;
    await room.ready();
    await room.committed();
  }

  /**
   * Applies an update the server wrote on behalf of `userId` (restoring a
   * version) through the document's room, exactly as if that user had sent
   * it: stored, credited to them, then relayed to every open connection. The
   * document is loaded for it if need be. Resolves once it is committed.
   */
  async applyUpdateAs(docId: string, userId: string, update: Uint8Array): Promise<void> {
    if (this.#stopping) throw new AppError('unavailable', 'The server is shutting down; try again shortly.');
    const room = this.#roomFor(docId);
    if (!room) throw new AppError('unavailable', 'Too many documents are open; try again shortly.');
    this.#cancelUnload(room);
    try {
      await room.ready();
      await room.applyAs(userId, update);
    } finally {
      if (room.connectionCount === 0 && room.state === 'open') this.#scheduleUnload(room);
    }
  }

  /** Closes at once the connections an access event ends (connection-access.ts). */
  handleAccessEvent(event: AccessEvent): void {
    this.#admissions.hear(event);
    for (const connection of [...this.#connections]) {
      const end = accessVerdict(event, connection.peer);
      if (end) close(connection, end);
    }
  }

  /**
   * Applies a new lock of `docId` to its open connections at once (an
   * instructor extended the copy's due time or reopened it): each
   * connection whose end of writing changes takes the new one and is
   * closed with roleChanged, so that its client reconnects, resends what
   * the old lock dropped, and fetches the document's new lock to show.
   * Returns how many connections it changed.
   */
  setWritableUntil(docId: string, until: (peer: SyncPeer) => number | null): number {
    let changed = 0;
    for (const connection of [...this.#connections]) {
      const { peer } = connection;
      // A reader who never writes (a reviewer) has nothing a lock changes.
      if (peer.docId !== docId || !peer.canWrite) continue;
      const next = until(peer);
      if ((peer.writableUntil ?? null) === next) continue;
      peer.writableUntil = next;
      changed += 1;
      connection.close(closeCodes.roleChanged, 'the due time changed; reconnect');
    }
    return changed;
  }

  /**
   * Closes every connection to `docId` with accessRevoked: the document is
   * gone (deleted for good), so none may read it on. Returns how many.
   */
  closeDocument(docId: string, reason: string): number {
    let closed = 0;
    for (const connection of [...this.#connections]) {
      if (connection.peer.docId !== docId) continue;
      connection.close(closeCodes.accessRevoked, reason);
      closed += 1;
    }
    return closed;
  }

  /** Refuses new connections, closes every socket (goingAway) and commits every pending write. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      for (const timer of this.#unloadTimers.values()) clearTimeout(timer);
      this.#unloadTimers.clear();
      for (const connection of [...this.#connections]) connection.close(closeCodes.goingAway, 'the server is shutting down');
      await Promise.all([...this.#rooms.values()].map((room) => room.unload()));
      await this.#log.flushed();
      this.#logger.info('sync stopped; every update is stored');
    })();
    return this.#stopping;
  }

  #roomFor(docId: string): Room | null {
    const existing = this.#rooms.get(docId);
    if (existing && (existing.state === 'loading' || existing.state === 'open')) return existing;
    if (!this.#makeRoomFor()) return null;
    const room = new Room(docId, {
      storage: this.#storage,
      relay: this.options.relay ?? localRelay,
      config: this.options.config,
      logger: this.#logger,
      metrics: this.options.metrics,
      now: this.options.now,
      idle: (idle) => this.#scheduleUnload(idle),
      closed: (closed) => {
        if (this.#rooms.get(closed.docId) === closed) this.#rooms.delete(closed.docId);
        this.#cancelUnload(closed);
      },
    });
    this.#rooms.set(docId, room);
    // A room of this document still unloading holds writes the new one must read.
    void room.load(existing?.closed);
    return room;
  }

  /** Whether one more document may load, after evicting an idle one if need be. */
  #makeRoomFor(): boolean {
    const active = [...this.#rooms.values()].filter((room) => room.state === 'loading' || room.state === 'open');
    if (active.length < this.options.config.maxLoadedDocs) return true;
    const idle = active.find((room) => room.state === 'open' && room.connectionCount === 0);
    if (!idle) return false;
    this.#cancelUnload(idle);
    void idle.unload();
    return true;
  }

  #scheduleUnload(room: Room): void {
    this.#cancelUnload(room);
    const timer = setTimeout(() => {
      this.#unloadTimers.delete(room);
      if (room.connectionCount === 0) void room.unload();
    }, this.options.config.unloadDelayMs);
    timer.unref();
    this.#unloadTimers.set(room, timer);
  }

  #cancelUnload(room: Room): void {
    const timer = this.#unloadTimers.get(room);
    if (timer) clearTimeout(timer);
    this.#unloadTimers.delete(room);
  }

  /** Counts a connection of an account to a document in (+1) or out (-1). */
  #hold(peer: SyncPeer, change: 1 | -1): void {
    let docs = this.#docsOf.get(peer.userId);
    if (!docs) this.#docsOf.set(peer.userId, (docs = new Map()));
    const count = (docs.get(peer.docId) ?? 0) + change;
    if (count > 0) docs.set(peer.docId, count);
    else docs.delete(peer.docId);
    if (docs.size === 0) this.#docsOf.delete(peer.userId);
  }

  #connectionClosed(connection: Connection): void {
    if (!this.#connections.delete(connection)) return;
    this.options.metrics.connections.dec();
    const room = this.#roomOf.get(connection);
    this.#roomOf.delete(connection);
    if (room) this.#hold(connection.peer, -1);
    const { docId, userId } = connection.peer;
    this.#logger.debug({ docId, userId, code: connection.closeCode }, 'sync connection closed');
    room?.leave(connection);
  }
}

/**
 * How each end of access closes a sync socket: the session's and the
 * membership's ends are final for the client (close-codes.ts), a role change
 * or a lapsed admission has it reconnect and be checked again.
 */
const accessCloses: Record<AccessEnd, { code: CloseCode; reason: string }> = {
  'session-ended': { code: closeCodes.sessionEnded, reason: 'the session ended' },
  'access-revoked': { code: closeCodes.accessRevoked, reason: 'you are no longer a member of this group' },
  'role-changed': { code: closeCodes.roleChanged, reason: 'your role changed; reconnect' },
  'admission-expired': { code: closeCodes.goingAway, reason: 'access may have changed; reconnect' },
};

function close(connection: Connection, end: AccessEnd): void {
  const { code, reason } = accessCloses[end];
  connection.close(code, reason);
}
