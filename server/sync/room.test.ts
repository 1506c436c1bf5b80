import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { closeCodes } from '../../shared/close-codes';
import { TestRelay, memoryRoom, storeRow, writerDoc } from '../testing/memory-room';
import { MemoryDocumentStorage } from './memory-document-storage';
import { encodeSyncStep1, encodeUpdate } from './protocol';
import { waitFor } from './test-clients';

/**
 * The room on its own, over memory (memory-document-storage.ts): real
 * Connections on sockets that keep what they are sent, no server and no
 * database. What it must keep: an update is stored before anyone else sees
 * it; a failed commit acknowledges nothing.
 */
const emptyStateVector = () => Y.encodeStateVector(new Y.Doc());

async function openRoom(options: Parameters<typeof memoryRoom>[0] = {}) {
  const harness = memoryRoom(options);
  await harness.room.load();
  return harness;
}

describe('writing', () => {
  it('stores the updates of two connections sent in one tick in one commit, and relays them only once it is committed', async () => {
    const { room, storage, connect } = await openRoom();
    const alice = connect('alice');
    const bob = connect('bob');
    const a = writerDoc(1);
    const b = writerDoc(2);
    a.text.insert(0, 'from alice');
    b.text.insert(0, 'from bob');

    const release = storage.holdCommits();
    alice.connection.receive(encodeUpdate(a.updates[0]!));
    bob.connection.receive(encodeUpdate(b.updates[0]!));
    await nextTurn(); // the commit has started, and is held
    expect(room.doc.getText('t').length).toBe('from alice'.length + 'from bob'.length);
    expect(storage.rows('doc')).toEqual([]);
    expect(alice.socket.sent).toHaveLength(1); // the greeting only
    expect(bob.socket.sent).toHaveLength(1);

    release();
    await room.committed();
    expect(storage.transactions).toBe(1);
    expect(storage.rows('doc').map((row) => row.userId)).toEqual(['alice', 'bob']);
    expect([...storage.owners('doc')]).toEqual([
      [1, 'alice'],
      [2, 'bob'],
    ]);
    await waitFor('each gets the other’s update', () => alice.socket.text() === 'from bob' && bob.socket.text() === 'from alice');
  });

  it('holds a sync step 2 until what came before it is committed', async () => {
    const { room, storage, connect } = await openRoom();
    const alice = connect('alice');
    const a = writerDoc(1);
    a.text.insert(0, 'saved?');

    const release = storage.holdCommits();
    alice.connection.receive(encodeUpdate(a.updates[0]!));
    alice.connection.receive(encodeSyncStep1(emptyStateVector()));
    await nextTurn();
    expect(alice.socket.messages().map((m) => m.kind)).toEqual(['sync-step1']);

    release();
    await room.committed();
    await waitFor('the step 2', () => alice.socket.messages().some((m) => m.kind === 'sync-step2'));
    expect(storage.rows('doc')).toHaveLength(1);
    expect(alice.socket.text()).toBe('saved?');
  });

  it('drops a reviewer’s updates: never applied, stored or relayed, and keeps the reviewer connected', async () => {
    const { room, storage, connect, rejected } = await openRoom();
    const member = connect('member');
    const reviewer = connect('reviewer', { role: 'reviewer', canWrite: false });
    const r = writerDoc(3);
    r.text.insert(0, 'HACKED');

    reviewer.connection.receive(encodeUpdate(r.updates[0]!));
    await room.committed();
    expect(room.doc.getText('t').toString()).toBe('');
    expect(storage.rows('doc')).toEqual([]);
    expect(storage.owners('doc').size).toBe(0);
    expect(member.socket.sent).toHaveLength(1);
    expect(reviewer.connection.state).toBe('open');
    expect(await rejected('read-only')).toBe(1);
  });

  it('refuses an update under another user’s client id: closes its sender and stores nothing of it', async () => {
    const { room, storage, connect } = await openRoom();
    const alice = connect('alice');
    const a = writerDoc(1);
    a.text.insert(0, 'mine');
    alice.connection.receive(encodeUpdate(a.updates[0]!));
    await room.committed();

    const bob = connect('bob');
    const forged = writerDoc(1, Y.encodeStateAsUpdate(a.doc));
    forged.text.insert(4, ' (not really)');
    bob.connection.receive(encodeUpdate(forged.updates[0]!));

    expect(bob.socket.closedWith).toBe(closeCodes.clientIdForged);
    expect(alice.connection.state).toBe('open');
    await room.committed();
    expect(storage.rows('doc').map((row) => row.userId)).toEqual(['alice']);
    expect(room.doc.getText('t').toString()).toBe('mine');
  });

  it('writes a restore for its user like a client update, relayed to every connection', async () => {
    const { room, storage, connect } = await openRoom();
    const alice = connect('alice');
    const restore = writerDoc(7);
    restore.text.insert(0, 'restored');

    await room.applyAs('bob', restore.updates[0]!);
    expect(storage.rows('doc').map((row) => row.userId)).toEqual(['bob']);
    expect(storage.owners('doc').get(7)).toBe('bob');
    await waitFor('alice gets the restore', () => alice.socket.text() === 'restored');
  });
});

describe('failing to store', () => {
  it('closes every connection with storageFailed, relays nothing, answers no step 2 and closes the room', async () => {
    const { room, storage, connect, events } = await openRoom();
    const alice = connect('alice');
    const bob = connect('bob');
    const a = writerDoc(1);
    a.text.insert(0, 'never acknowledged');

    storage.fail('commit');
    alice.connection.receive(encodeUpdate(a.updates[0]!));
    alice.connection.receive(encodeSyncStep1(emptyStateVector()));
    await room.closed;

    expect(alice.socket.closedWith).toBe(closeCodes.storageFailed);
    expect(bob.socket.closedWith).toBe(closeCodes.storageFailed);
    expect(alice.socket.sent).toHaveLength(1);
    expect(bob.socket.sent).toHaveLength(1);
    expect(storage.rows('doc')).toEqual([]);
    expect(room.state).toBe('closed');
    expect(events.closed).toBe(1);
  });

  it('closes the connections waiting for a document that fails to load', async () => {
    const storage = new MemoryDocumentStorage();
    storage.fail('load');
    const { room, connect } = memoryRoom({ storage });
    const alice = connect('alice');
    expect(alice.connection.state).toBe('waiting');
    await room.load();
    expect(alice.socket.closedWith).toBe(closeCodes.storageFailed);
    expect(room.state).toBe('closed');
  });
});

describe('unloading', () => {
  it('closes its connections, finishes its writes, and checkpoints the document whole', async () => {
    const { room, storage, connect, events } = await openRoom();
    const alice = connect('alice');
    const a = writerDoc(1);
    a.text.insert(0, 'written just before unloading');
    alice.connection.receive(encodeUpdate(a.updates[0]!));

    await room.unload();
    expect(alice.socket.closedWith).toBe(closeCodes.goingAway);
    const rows = storage.rows('doc');
    expect(rows).toHaveLength(1);
    const [checkpoint] = storage.checkpoints('doc');
    expect(checkpoint?.lastUpdateId).toBe(rows[0]!.id);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, checkpoint!.data);
    expect(stored.getText('t').toString()).toBe('written just before unloading');
    expect(room.state).toBe('closed');
    expect(events.closed).toBe(1);
  });

  it('loads a document stored whole without applying it, greets and answers from the stored bytes, and checkpoints nothing new if unchanged', async () => {
    const storage = new MemoryDocumentStorage();
    const a = writerDoc(1);
    a.text.insert(0, 'stored whole');
    const lastUpdateId = await storeRow(storage, 'doc', 'alice', a.updates[0]!);
    const data = Y.encodeStateAsUpdate(a.doc);
    await storage.storeCheckpoint('doc', { lastUpdateId, data });

    const { room, connect } = await openRoom({ storage });
    expect(room.doc.store.clients.size).toBe(0); // not applied yet
    const reader = connect('reader');
    const [greeting] = reader.socket.messages();
    expect(greeting?.kind === 'sync-step1' && Y.decodeStateVector(greeting.stateVector)).toEqual(new Map([[1, 'stored whole'.length]]));
    reader.connection.receive(encodeSyncStep1(emptyStateVector()));
    const answer = reader.socket.messages().find((m) => m.kind === 'sync-step2');
    expect(answer?.kind === 'sync-step2' && answer.update).toEqual(data);
    await waitFor('built once answered', () => room.doc.getText('t').toString() === 'stored whole');

    await room.unload();
    expect(storage.checkpoints('doc')).toHaveLength(1);
  });
});

describe('other instances', () => {
  it('passes on an update another instance stored without storing it again, and publishes its own once stored', async () => {
    const relay = new TestRelay();
    const { room, storage, connect } = await openRoom({ relay });
    const alice = connect('alice');
    const elsewhere = writerDoc(5);
    elsewhere.text.insert(0, 'from elsewhere');

    relay.listener!.update(elsewhere.updates[0]!);
    expect(alice.socket.text()).toBe('from elsewhere');
    await room.committed();
    expect(storage.rows('doc')).toEqual([]);

    const a = writerDoc(1, Y.encodeStateAsUpdate(elsewhere.doc));
    a.text.insert(0, 'here: ');
    alice.connection.receive(encodeUpdate(a.updates[0]!));
    expect(relay.published).toEqual([]);
    // (Her client id, never shown in awareness, is first checked against storage: see below.)
    await waitFor('her update to be published', () => relay.published.length === 1);
    expect(storage.rows('doc')).toHaveLength(1);
  });

  it('catches up from storage when the relay says messages may have been missed', async () => {
    const relay = new TestRelay();
    const { room, storage, connect } = await openRoom({ relay });
    const alice = connect('alice');
    const missed = writerDoc(5);
    missed.text.insert(0, 'missed');
    await storeRow(storage, 'doc', 'someone', missed.updates[0]!);

    relay.listener!.resync();
    await waitFor('alice gets what was missed', () => alice.socket.text() === 'missed');
    expect(room.doc.getText('t').toString()).toBe('missed');
    expect(storage.rows('doc')).toHaveLength(1);
  });
  it('judges a resend of what another instance stored and this one missed only once caught up, and keeps the sender’s messages in order', async () => {
    const relay = new TestRelay();
    const storage = new MemoryDocumentStorage();
    const first = writerDoc(5);
    first.text.insert(0, 'Hello');
    await storage.append({ docId: 'doc', rows: [{ userId: 'someone', data: first.updates[0]!, createdAt: 0 }], claims: [{ clientId: 5, userId: 'someone' }], edits: [], seal: () => true });
    const { room, connect } = await openRoom({ relay, storage });
    // Stored elsewhere, never relayed here: the instance that stored it died first.
    first.text.insert(5, ' world');
    await storeRow(storage, 'doc', 'someone', first.updates[1]!);

    const alice = connect('alice');
    const a = writerDoc(1, Y.encodeStateAsUpdate(first.doc));
    a.text.insert(11, '!');
    // Her client resends what it received elsewhere, then writes on after it.
    alice.connection.receive(encodeUpdate(first.updates[1]!));
    alice.connection.receive(encodeUpdate(a.updates[0]!));
    await waitFor('both to be taken in', () => room.doc.getText('t').toString() === 'Hello world!');
    await room.committed();
    expect(alice.socket.closedWith).toBeNull();
    expect(storage.owners('doc').get(5)).toBe('someone');
    expect(storage.owners('doc').get(1)).toBe('alice');
  });

  it('keeps the awareness states another instance relays while the document loads, and greets with them', async () => {
    const relay = new TestRelay();
    const { room, connect } = memoryRoom({ relay });
    const alice = connect('alice');
    const elsewhere = new Awareness(new Y.Doc());
    elsewhere.setLocalStateField('user', { name: 'Bob' });

    relay.listener!.awareness(encodeAwarenessUpdate(elsewhere, [elsewhere.clientID]));
    await room.load();

    const greeting = alice.socket.messages().find((message) => message.kind === 'awareness');
    const seen = new Awareness(new Y.Doc());
    if (greeting?.kind === 'awareness') applyAwarenessUpdate(seen, greeting.update, null);
    expect(seen.getStates().get(elsewhere.clientID)).toEqual({ user: { name: 'Bob' } });
  });

  it('gives one connection a few catch-ups for its doubted writes, then judges them at once', async () => {
    const relay = new TestRelay();
    const storage = new MemoryDocumentStorage();
    let loads = 0;
    const load = storage.load.bind(storage);
    storage.load = (docId) => {
      loads += 1;
      return load(docId);
    };
    const { room, connect } = await openRoom({ relay, storage });
    const mallory = connect('mallory');
    // Writes under client ids it never showed in awareness: each is doubted until its catch-ups are spent.
    for (const clientId of [101, 102, 103, 104, 105]) {
      const w = writerDoc(clientId);
      w.text.insert(0, 'x');
      mallory.connection.receive(encodeUpdate(w.updates[0]!));
    }
    await waitFor('all five to be taken in', () => room.doc.getText('t').length === 5);
    expect(loads).toBe(1 + 3);
    expect(mallory.socket.closedWith).toBeNull();
  });
});
