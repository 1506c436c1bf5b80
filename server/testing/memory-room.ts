import * as Y from 'yjs';
import type { Config } from '../config';
import { createLogger } from '../logger';
import { createMetrics } from '../metrics';
import { Connection, type SyncPeer, type SyncSocket } from '../sync/connection';
import { MemoryDocumentStorage } from '../sync/memory-document-storage';
import { type ClientMessage, decodeClientMessage } from '../sync/protocol';
import { type DocChannelListener, type Relay, localRelay } from '../sync/relay';
import { Room } from '../sync/room';

/**
 * A room over memory, for unit tests of the room itself: its documents in a
 * MemoryDocumentStorage, its clients real Connections on sockets that keep
 * what they are sent. No server, no database, no network.
 */

/** A socket that keeps what it is sent and how it was closed. */
export class MemorySocket implements SyncSocket {
  readonly sent: Uint8Array[] = [];
  closedWith: number | null = null;
  bufferedAmount = 0;

  send(message: Uint8Array<ArrayBuffer>): void {
    this.sent.push(message);
  }

  close(code: number): void {
    this.closedWith = code;
  }

  /** What the server sent, decoded (its messages share the client's layout). */
  messages(): ClientMessage[] {
    return this.sent.map((data) => decodeClientMessage(data));
  }

  /** The text of root type `t` in a document built from every update and step 2 the server sent. */
  text(): string {
    const doc = new Y.Doc();
    for (const message of this.messages()) {
      if (message.kind === 'update' || message.kind === 'sync-step2') Y.applyUpdate(doc, message.update);
    }
    const text = doc.getText('t').toString();
    doc.destroy();
    return text;
  }
}

/** A relay whose channel the test drives: it plays the other instances. */
export class TestRelay implements Relay {
  readonly published: Uint8Array[] = [];
  listener: DocChannelListener | null = null;

  publishUpdate(_docId: string, update: Uint8Array): void {
    this.published.push(update);
  }

  publishAwareness(): void {}

  join(_docId: string, listener: DocChannelListener): () => void {
    this.listener = listener;
    return () => (this.listener = null);
  }
}

export const testSyncConfig: Config['sync'] = {
  maxMessageBytes: 1 << 20,
  maxSocketBufferBytes: 1 << 20,
  maxLoadedDocs: 10,
  docsPerUser: 10,
  unloadDelayMs: 60_000,
  checkpointEveryUpdates: 1000,
  checkpointEveryBytes: 1 << 20,
};

export interface MemoryRoomOptions {
  docId?: string;
  storage?: MemoryDocumentStorage;
  relay?: Relay;
  config?: Partial<Config['sync']>;
}

export function memoryRoom(options: MemoryRoomOptions = {}) {
  const docId = options.docId ?? 'doc';
  const storage = options.storage ?? new MemoryDocumentStorage();
  const metrics = createMetrics();
  const events = { idle: 0, closed: 0 };
  const config = { ...testSyncConfig, ...options.config };
  const room = new Room(docId, {
    storage,
    relay: options.relay ?? localRelay,
    config,
    logger: createLogger('silent'),
    metrics,
    idle: () => void (events.idle += 1),
    closed: () => void (events.closed += 1),
  });

  /** A client of `userId` joining the room, as SyncServer.accept joins one. */
  function connect(userId: string, peer: Partial<SyncPeer> = {}) {
    const socket = new MemorySocket();
    const fullPeer: SyncPeer = { docId, groupId: 'group', userId, userName: userId, sessionId: userId, role: 'member', canWrite: true, ...peer };
    const connection: Connection = new Connection(fullPeer, socket, config.maxSocketBufferBytes, {
      closed: () => room.leave(connection),
      rejected: (reason) => metrics.rejectedMessages.inc({ reason }),
    });
    room.join(connection);
    return { socket, connection };
  }

  /** How many messages were refused for `reason`. */
  async function rejected(reason: string): Promise<number> {
    const metric = await metrics.rejectedMessages.get();
    return metric.values.find((v) => v.labels.reason === reason)?.value ?? 0;
  }

  return { room, storage, metrics, events, connect, rejected };
}

/** A writer's Y.Doc whose updates are kept as it edits, under a client id of the test's choosing. */
export function writerDoc(clientId: number, from?: Uint8Array) {
  const doc = new Y.Doc();
  if (from) Y.applyUpdate(doc, from);
  // Set after applying: Yjs picks a new client id when an update brings structs under its own.
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, text: doc.getText('t'), updates };
}

/** Stores `update` as a row of `docId` written by `userId`, as another instance (or an earlier run) would have. */
export function storeRow(storage: MemoryDocumentStorage, docId: string, userId: string, update: Uint8Array): Promise<number> {
  return storage.append({ docId, rows: [{ userId, data: update, createdAt: Date.now() }], claims: [], edits: [], seal: () => true });
}
