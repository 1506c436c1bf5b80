import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { closeCodes } from '../../shared/close-codes';
import { userColor } from '../../shared/user-color';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { connectRawClient, stockClientPool, waitFor } from './test-clients';
import { encodeAwareness, encodeAwarenessUpdate, encodeSyncStep1, encodeUpdate, messageType } from './protocol';

let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let rita: TestUser;
const pool = stockClientPool();
const client = pool.connect;

async function rejected(reason: string): Promise<number> {
  const metric = await server.domain.metrics.rejectedMessages.get();
  return metric.values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

async function docRows(docId: string) {
  return server.domain.store.db.selectFrom('doc_updates').selectAll().where('doc_id', '=', docId).orderBy('id').execute();
}

beforeAll(async () => {
  server = await startTestServer();
  alice = await server.createUser('Alice');
  bob = await server.createUser('Bob');
  carol = await server.createUser('Carol');
  rita = await server.createUser('Rita Reviewer');
});

afterEach(() => {
  pool.destroyAll();
});

afterAll(async () => {
  await server.close();
});

async function newDoc() {
  return createTestDoc(server, [
    { member: alice, role: 'instructor' },
    { member: bob, role: 'member' },
    { member: carol, role: 'member' },
    { member: rita, role: 'reviewer' },
  ]);
}

describe('sync with the stock y-websocket client', () => {
  it('syncs two clients both ways, and a third that joins later receives everything', async () => {
    const { docId } = await newDoc();
    const a = client(server.url, docId, alice);
    const b = client(server.url, docId, bob);
    await Promise.all([a.synced, b.synced]);

    a.doc.getText('t').insert(0, 'Hello');
    await waitFor('bob sees alice', () => b.text() === 'Hello');
    b.doc.getText('t').insert(5, ' world');
    await waitFor('alice sees bob', () => a.text() === 'Hello world');

    const c = client(server.url, docId, carol);
    await c.synced;
    expect(c.text()).toBe('Hello world');
    expect(Y.encodeStateVector(c.doc)).toEqual(Y.encodeStateVector(a.doc));

    // Every stored row is attributed to the user who wrote it.
    const rows = await docRows(docId);
    expect(new Set(rows.map((r) => r.user_id))).toEqual(new Set([alice.user.id, bob.user.id]));
    for (const row of rows) expect(row.size).toBe(row.data.byteLength);
    const ownersOf = () => server.domain.store.db.selectFrom('doc_client_ids').selectAll().where('doc_id', '=', docId).execute();
    // Carol's claim is stored with the batch after her awareness state, which may still be committing.
    await waitFor('three client ids stored', async () => (await ownersOf()).length === 3);
    const owners = await ownersOf();
    // Each client id is its user's, claimed by writing or by announcing it in awareness (Carol only read).
    expect(owners.map((o) => [Number(o.client_id), o.user_id]).sort()).toEqual(
      [
        [a.doc.clientID, alice.user.id],
        [b.doc.clientID, bob.user.id],
        [c.doc.clientID, carol.user.id],
      ].sort(),
    );
  });

  it('drops a reviewer’s document updates: never applied, stored or relayed', async () => {
    const { docId } = await newDoc();
    const member = client(server.url, docId, bob);
    const reviewer = client(server.url, docId, rita);
    await Promise.all([member.synced, reviewer.synced]);

    member.doc.getText('t').insert(0, 'draft');
    await waitFor('reviewer receives the document', () => reviewer.text() === 'draft');

    reviewer.doc.getText('t').insert(0, 'HACKED ');
    // Then an awareness change on the same socket: once the member sees it,
    // the server has handled the reviewer's update before it.
    reviewer.provider.awareness.setLocalStateField('marker', 1);
    await waitFor('member sees the reviewer’s marker', () => member.provider.awareness.getStates().get(reviewer.doc.clientID)?.marker === 1);
    member.doc.getText('t').insert(5, '!');
    // A client joining now gets everything committed (its step 2 waits for the latest commit).
    const watcher = client(server.url, docId, carol);
    await watcher.synced;
    await waitFor('watcher sees the member’s edit', () => watcher.text() === 'draft!');
    await waitFor('the member’s edit reaches the reviewer too', () => reviewer.text().endsWith('draft!'));

    expect(member.text()).toBe('draft!');
    const rows = await docRows(docId);
    expect(rows.some((r) => r.user_id === rita.user.id)).toBe(false);
    // Her client id is hers (announced in awareness), and that is all she holds in the document.
    const owners = await server.domain.store.db.selectFrom('doc_client_ids').select(['user_id', 'client_id']).where('doc_id', '=', docId).execute();
    expect(owners.filter((o) => o.user_id === rita.user.id).map((o) => Number(o.client_id))).toEqual([reviewer.doc.clientID]);
    expect(await rejected('read-only')).toBeGreaterThan(0);
    // The reviewer still gets awareness: it sees the member's presence.
    member.provider.awareness.setLocalStateField('cursor', 1);
    await waitFor('reviewer sees member presence', () => reviewer.provider.awareness.getStates().has(member.doc.clientID));
  });

  it('rejects an update written under another user’s client id, and stores nothing of it', async () => {
    const { docId } = await newDoc();
    const a = client(server.url, docId, alice);
    await a.synced;
    a.doc.getText('t').insert(0, 'mine');
    const watcher = client(server.url, docId, carol);
    await watcher.synced;
    await waitFor('watcher has alice’s text', () => watcher.text() === 'mine');

    // Bob forges: a doc that reuses Alice's client id and writes new text after hers.
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(a.doc));
    forged.clientID = a.doc.clientID;
    const before = Y.encodeStateVector(forged);
    forged.getText('t').insert(4, ' (not really)');
    const forgedUpdate = Y.encodeStateAsUpdate(forged, before);

    const raw = connectRawClient(server.url, docId, bob);
    await raw.opened;
    raw.send(encodeUpdate(forgedUpdate));
    expect((await raw.closed).code).toBe(closeCodes.clientIdForged);

    const rows = await docRows(docId);
    expect(rows.some((r) => r.user_id === bob.user.id)).toBe(false);
    // Nobody else saw it; the room keeps serving.
    a.doc.getText('t').insert(4, '!');
    await waitFor('watcher gets the next honest edit', () => watcher.text() === 'mine!');
    const late = client(server.url, docId, carol);
    await late.synced;
    expect(late.text()).toBe('mine!');
  });

  it('gives a client id to the user whose connection announced it first, so nobody can squat it while its owner is offline', async () => {
    const { docId } = await newDoc();
    const a = client(server.url, docId, alice);
    await a.synced;
    // Alice has written nothing: her client id is known only from her awareness state, which everyone in the room sees.
    await waitFor('alice’s announced client id to be stored as hers', async () => {
      const row = await server.domain.store.db
        .selectFrom('doc_client_ids')
        .select('user_id')
        .where('doc_id', '=', docId)
        .where('client_id', '=', a.doc.clientID)
        .executeTakeFirst();
      return row?.user_id === alice.user.id;
    });
    a.provider.disconnect();
    a.doc.getText('t').insert(0, 'typed offline');

    // Bob writes one character under Alice's id before she is back.
    const squatter = new Y.Doc();
    squatter.clientID = a.doc.clientID;
    squatter.getText('t').insert(0, 'x');
    const raw = connectRawClient(server.url, docId, bob);
    await raw.opened;
    raw.send(encodeUpdate(Y.encodeStateAsUpdate(squatter)));
    expect((await raw.closed).code).toBe(closeCodes.clientIdForged);

    // Alice reconnects and her offline edit is stored, not refused.
    a.provider.connect();
    await waitFor('alice’s offline edit to reach a newcomer', async () => {
      const late = client(server.url, docId, carol);
      await late.synced;
      const text = late.text();
      late.provider.destroy();
      return text === 'typed offline';
    });
  });

  it('lets anyone delete others’ text, and accepts a resend of content the server has', async () => {
    const { docId } = await newDoc();
    const a = client(server.url, docId, alice);
    const b = client(server.url, docId, bob);
    await Promise.all([a.synced, b.synced]);
    a.doc.getText('t').insert(0, 'alice wrote this');
    await waitFor('bob has it', () => b.text() === 'alice wrote this');
    b.doc.getText('t').delete(0, 6);
    await waitFor('alice sees the deletion', () => a.text() === 'wrote this');
    // A resend of Alice's structs by Bob (e.g. a client relaying state) is harmless.
    const raw = connectRawClient(server.url, docId, bob);
    await raw.opened;
    raw.send(encodeUpdate(Y.encodeStateAsUpdate(a.doc)));
    raw.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    // The greeting may be two messages (step 1 and awareness states): wait for the step 2 itself.
    await waitFor('raw client gets a step 2', () => raw.received.some((m) => m[0] === messageType.sync && m[1] === 1));
    expect(raw.socket.readyState).toBe(raw.socket.OPEN);
    raw.socket.close();
  });
});

describe('awareness', () => {
  it('overwrites the claimed name and colour with the session user’s and refuses states for another connection’s client id', async () => {
    const { docId } = await newDoc();
    const a = client(server.url, docId, alice, { name: 'Alice' });
    const b = client(server.url, docId, bob, { name: 'Definitely Alice' });
    await Promise.all([a.synced, b.synced]);

    await waitFor('alice sees bob', () => a.provider.awareness.getStates().has(b.doc.clientID));
    await waitFor('bob’s real name', () => (a.provider.awareness.getStates().get(b.doc.clientID)?.user as { name?: string })?.name === 'Bob');
    expect(a.provider.awareness.getStates().get(b.doc.clientID)?.user).toMatchObject({ name: 'Bob', id: bob.user.id, color: userColor(bob.user.id) });

    // Bob's raw socket tries to set a state for Alice's client id.
    const raw = connectRawClient(server.url, docId, bob);
    await raw.opened;
    const spoof = encodeAwarenessUpdate([{ clientId: a.doc.clientID, clock: 10_000, state: { user: { name: 'Alice' }, cursor: 'evil' } }]);
    raw.send(encodeAwareness(spoof));
    // ...and then a legitimate state for its own client id, as a marker.
    raw.send(encodeAwareness(encodeAwarenessUpdate([{ clientId: 4242, clock: 1, state: { user: { name: 'X' } } }])));
    await waitFor('marker arrives', () => a.provider.awareness.getStates().has(4242));
    expect(a.provider.awareness.getStates().get(4242)?.user).toMatchObject({ name: 'Bob', id: bob.user.id });
    const watcher = client(server.url, docId, carol);
    await watcher.synced;
    await waitFor('watcher knows alice', () => watcher.provider.awareness.getStates().has(a.doc.clientID));
    expect(watcher.provider.awareness.getStates().get(a.doc.clientID)).not.toHaveProperty('cursor');
    expect(watcher.provider.awareness.getStates().get(a.doc.clientID)?.user).toMatchObject({ name: 'Alice' });

    // A client id another user wrote the document with is refused too.
    a.doc.getText('t').insert(0, 'x');
    await waitFor('alice’s write stored', async () => (await docRows(docId)).length > 0);
    a.destroy(); // Alice leaves: her connection no longer holds the id
    await waitFor('alice’s state removed', () => !watcher.provider.awareness.getStates().has(a.doc.clientID));
    raw.send(encodeAwareness(encodeAwarenessUpdate([{ clientId: a.doc.clientID, clock: 20_000, state: { user: {} } }])));
    raw.send(encodeAwareness(encodeAwarenessUpdate([{ clientId: 4242, clock: 2, state: { user: {}, marker: 2 } }])));
    await waitFor('second marker', () => watcher.provider.awareness.getStates().get(4242)?.marker === 2);
    expect(watcher.provider.awareness.getStates().has(a.doc.clientID)).toBe(false);

    // States go when their connection closes.
    raw.socket.close();
    await waitFor('raw states removed', () => !watcher.provider.awareness.getStates().has(4242));
  });
});

describe('group commit', () => {
  it('stores every update that arrives in one tick in one transaction', async () => {
    const { docId } = await newDoc();
    const sent: { message: Uint8Array }[] = [];
    const socket = { send: (message: Uint8Array) => void sent.push({ message }), close: () => {}, bufferedAmount: 0 };
    const peer = { docId, groupId: 'g', userId: bob.user.id, userName: 'Bob', sessionId: 's', role: 'member' as const, canWrite: true };
    const connection = server.domain.sync.accept(socket, peer);
    await waitFor('greeted', () => sent.length > 0);

    const writer = new Y.Doc();
    const updates: Uint8Array[] = [];
    writer.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 100; i++) writer.getText('t').insert(i, String(i % 10));

    const before = server.domain.sync.stats().transactions;
    for (const update of updates) connection.receive(encodeUpdate(update));
    // Rows are visible before their commit is counted: wait for the room's own word that all is stored.
    await server.domain.sync.committed(docId);
    expect(await docRows(docId)).toHaveLength(100);
    expect(server.domain.sync.stats().transactions - before).toBe(1);
    connection.socketClosed();
  });

  it('groups updates from many sockets of a real burst into far fewer transactions', async () => {
    const { docId } = await newDoc();
    const raws = await Promise.all(
      [alice, bob, carol].map(async (member) => {
        const raw = connectRawClient(server.url, docId, member);
        await raw.opened;
        await waitFor('greeted', () => raw.received.length > 0);
        return raw;
      }),
    );
    const before = server.domain.sync.stats().transactions;
    for (const raw of raws) {
      const writer = new Y.Doc();
      writer.on('update', (u: Uint8Array) => raw.send(encodeUpdate(u)));
      for (let i = 0; i < 100; i++) writer.getText('t').insert(0, 'x');
    }
    await waitFor('all 300 stored', async () => (await docRows(docId)).length === 300);
    await server.domain.sync.committed(docId); // and their commits counted
    expect(server.domain.sync.stats().transactions - before).toBeLessThan(300 / 4);
    for (const raw of raws) raw.socket.close();
  });
});
