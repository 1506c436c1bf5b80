import SQLite from 'better-sqlite3';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { closeCodes } from '../../shared/close-codes';
import { decodeClientMessage, decodeStateVector, encodeSyncStep1, encodeUpdate } from './protocol';
import type { SyncPeer, SyncSocket } from './sync-server';
import { testDatabaseUrl } from '../testing/test-database';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { waitFor } from './test-clients';

/**
 * The room lifecycle, driven through SyncServer.accept with in-memory sockets
 * over the real database: shared loads, delayed unloads that flush first,
 * the bound on loaded documents, storage failure and slow clients.
 */
let server: TestServer;
let member: TestUser;

/** Each test gets its own server, so that documents loaded by one do not count against another. */
async function serve(env: Record<string, string> = {}) {
  server = await startTestServer({ MAX_LOADED_DOCS: '2', DOC_UNLOAD_DELAY_MS: '60000', MAX_SOCKET_BUFFER_BYTES: '100000', ...env });
  member = await server.createUser('Member');
}

afterEach(async () => {
  await server.close();
});

class MemorySocket implements SyncSocket {
  readonly sent: Uint8Array[] = [];
  closedWith: number | null = null;
  bufferedAmount = 0;
  send(message: Uint8Array<ArrayBuffer>) {
    this.sent.push(message);
  }
  close(code: number) {
    this.closedWith = code;
  }
}

async function newDoc() {
  const doc = await createTestDoc(server, [{ member, role: 'member' }]);
  const peer: SyncPeer = {
    docId: doc.docId,
    groupId: doc.groupId,
    userId: member.user.id,
    userName: member.user.name,
    sessionId: 'memory',
    role: 'member',
    canWrite: true,
  };
  return { ...doc, peer };
}

function open(peer: SyncPeer) {
  const socket = new MemorySocket();
  const connection = server.domain.sync.accept(socket, peer);
  return { socket, connection };
}

/** The state vector in the server's greeting (its sync step 1). */
function greetedState(socket: MemorySocket): Map<number, number> {
  const decoder = decoding.createDecoder(socket.sent[0]!);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  return decodeStateVector(decoding.readVarUint8Array(decoder));
}

describe('loading and unloading documents', () => {
  it('shares one load between concurrent first connections, and holds their messages until it is done', async () => {
    await serve();
    const { peer } = await newDoc();
    const before = server.domain.sync.stats().loadedDocs;
    const first = open(peer);
    const second = open(peer);
    expect(first.connection.state).toBe('waiting');
    const writer = new Y.Doc();
    writer.getText('t').insert(0, 'early');
    first.connection.receive(encodeUpdate(Y.encodeStateAsUpdate(writer)));
    expect(server.domain.sync.stats().loadedDocs).toBe(before + 1);

    await waitFor('the second connection gets the early update', () => second.socket.sent.length >= 2);
    expect(first.connection.state).toBe('open');
    first.connection.socketClosed();
    second.connection.socketClosed();
  });

  it('keeps an idle document for the unload delay: a reconnect finds it in memory', async () => {
    await serve();
    const { peer } = await newDoc();
    const { connection } = open(peer);
    await waitFor('open', () => connection.state === 'open');
    connection.socketClosed();
    expect(server.domain.sync.stats().loadedDocs).toBe(1);
    const again = open(peer);
    expect(again.connection.state).toBe('open'); // no load to wait for
    again.connection.socketClosed();
  });

  it('unloads an idle document after the delay, once its writes are committed', async () => {
    await serve({ DOC_UNLOAD_DELAY_MS: '50' });
    const { peer, docId } = await newDoc();
    const { connection } = open(peer);
    await waitFor('open', () => connection.state === 'open');
    const writer = new Y.Doc();
    writer.getText('t').insert(0, 'flushed before unload');
    connection.receive(encodeUpdate(Y.encodeStateAsUpdate(writer)));
    connection.socketClosed();
    expect(server.domain.sync.stats().loadedDocs).toBe(1);
    await waitFor('the document unloads', () => server.domain.sync.stats().loadedDocs === 0);

    const rows = await server.domain.store.db.selectFrom('doc_updates').select('user_id').where('doc_id', '=', docId).execute();
    expect(rows).toEqual([{ user_id: member.user.id }]);
    const again = open(peer);
    await waitFor('reloaded', () => again.connection.state === 'open');
    expect(greetedState(again.socket).get(writer.clientID)).toBe('flushed before unload'.length);
    again.connection.socketClosed();
  });

  it('holds at most MAX_LOADED_DOCS: evicts an idle one, refuses when all are in use', async () => {
    await serve();
    const one = await newDoc();
    const two = await newDoc();
    const three = await newDoc();
    const busyOne = open(one.peer);
    const busyTwo = open(two.peer);
    await waitFor('both open', () => busyOne.connection.state === 'open' && busyTwo.connection.state === 'open');
    const refused = open(three.peer);
    expect(refused.socket.closedWith).toBe(closeCodes.serverBusy);

    // One goes idle (still loaded for the unload delay): the third evicts it.
    busyOne.connection.socketClosed();
    const third = open(three.peer);
    await waitFor('third opens', () => third.connection.state === 'open');
    await waitFor('the idle one is unloaded', () => server.domain.sync.stats().loadedDocs === 2);
    busyTwo.connection.socketClosed();
    third.connection.socketClosed();
  });
});

describe('acknowledgement', () => {
  // Counts rows synchronously from outside the server, which only SQLite allows.
  it.runIf(testDatabaseUrl() === null)('relays an update, and answers a sync step 1, only once what came before is committed', async () => {
    await serve();
    const { peer, docId } = await newDoc();
    // Counts the stored rows synchronously at each send, through its own connection to the file.
    const reader = new SQLite(server.sqliteFile!, { readonly: true });
    const storedRows = () => (reader.prepare('select count(*) as n from doc_updates where doc_id = ?').get(docId) as { n: number }).n;
    class CountingSocket extends MemorySocket {
      readonly rowsAtSend: number[] = [];
      override send(message: Uint8Array<ArrayBuffer>) {
        this.rowsAtSend.push(storedRows());
        super.send(message);
      }
    }
    const writerSocket = new CountingSocket();
    const otherSocket = new CountingSocket();
    const writer = server.domain.sync.accept(writerSocket, peer);
    server.domain.sync.accept(otherSocket, peer);
    await waitFor('open', () => writer.state === 'open');

    const doc = new Y.Doc();
    doc.on('update', (u: Uint8Array) => writer.receive(encodeUpdate(u)));
    for (let i = 0; i < 20; i++) doc.getText('t').insert(0, 'x');
    writer.receive(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));

    await waitFor('the step 2 reply', () => writerSocket.sent.length === 2);
    // The relays of one commit may go out merged: what matters is all 20 arrive, each send after the commit.
    const relayed = new Y.Doc();
    let applied = 1; // after the greeting
    await waitFor('the relays', () => {
      for (const message of otherSocket.sent.slice(applied)) Y.applyUpdate(relayed, (decodeClientMessage(message) as { update: Uint8Array }).update);
      applied = otherSocket.sent.length;
      return relayed.getText('t').length === 20;
    });
    expect(writerSocket.rowsAtSend).toEqual([0, 20]);
    expect(otherSocket.rowsAtSend.length).toBeGreaterThan(1);
    expect(otherSocket.rowsAtSend.slice(1)).toEqual(otherSocket.rowsAtSend.slice(1).map(() => 20));
    reader.close();
  });
});

describe('stopping', () => {
  it('commits every pending write, closes sockets with goingAway and refuses new ones', async () => {
    await serve();
    const { peer, docId } = await newDoc();
    const { socket, connection } = open(peer);
    await waitFor('open', () => connection.state === 'open');
    const writer = new Y.Doc();
    writer.getText('t').insert(0, 'written just before shutdown');
    connection.receive(encodeUpdate(Y.encodeStateAsUpdate(writer)));
    // Same tick: the group commit has not run yet.
    const rowsNow = server.domain.store.db.selectFrom('doc_updates').select('id').where('doc_id', '=', docId);
    await server.domain.sync.stop();
    expect(socket.closedWith).toBe(closeCodes.goingAway);
    expect(await rowsNow.execute()).toHaveLength(1);
    expect(open(peer).socket.closedWith).toBe(closeCodes.goingAway);
    expect(server.domain.sync.stats()).toMatchObject({ connections: 0, loadedDocs: 0 });
  });
});

describe('failures', () => {
  it('closes every connection with storageFailed and drops the room when a commit fails; nothing is relayed', async () => {
    await serve();
    const { peer, docId } = await newDoc();
    const writer = open(peer);
    const other = open(peer);
    await waitFor('open', () => writer.connection.state === 'open' && other.connection.state === 'open');
    const sentBefore = other.socket.sent.length;
    // The document's row disappears under the room: its updates break the foreign key.
    await server.domain.store.db.deleteFrom('documents').where('id', '=', docId).execute();
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'never acknowledged');
    writer.connection.receive(encodeUpdate(Y.encodeStateAsUpdate(doc)));
    writer.connection.receive(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));

    await waitFor('both closed', () => writer.socket.closedWith !== null && other.socket.closedWith !== null);
    expect(writer.socket.closedWith).toBe(closeCodes.storageFailed);
    expect(other.socket.closedWith).toBe(closeCodes.storageFailed);
    expect(other.socket.sent.length).toBe(sentBefore);
    expect(writer.socket.sent.length).toBe(1); // the greeting only: no step 2 of unstored data
    const rows = await server.domain.store.db.selectFrom('doc_updates').select('id').where('doc_id', '=', docId).execute();
    expect(rows).toEqual([]);
    expect(server.domain.sync.stats().loadedDocs).toBe(0);
  });

  it('closes a client that does not read what it is sent (tooSlow)', async () => {
    await serve();
    const { peer } = await newDoc();
    const socket = new MemorySocket();
    socket.bufferedAmount = 1_000_000;
    server.domain.sync.accept(socket, peer);
    await waitFor('closed', () => socket.closedWith !== null);
    expect(socket.closedWith).toBe(closeCodes.tooSlow);
  });
});
