import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { type ClientMessage, decodeClientMessage, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from './protocol';
import { connectRawClient, connectStockClient, type RawClient, waitFor } from './test-clients';

/**
 * Cold load, the first open of a document no server holds: a document is
 * checkpointed whole as it unloads, so that the next load reads one stored
 * update (cold-load.ts); its first client's sync step 1
 * is answered with exactly those stored bytes (or their difference from the
 * client's state vector), before the server builds its own copy; and
 * anything that needs the copy (an edit) builds it first.
 */
let server: TestServer;
let writer: TestUser;
let reader: TestUser;
let docId: string;
let typed: Y.Doc;

beforeAll(async () => {
  server = await startTestServer({ DOC_UNLOAD_DELAY_MS: '50' });
  writer = await server.createUser('Writer');
  reader = await server.createUser('Reader');
  ({ docId } = await createTestDoc(server, [
    { member: writer, role: 'member' },
    { member: reader, role: 'member' },
  ]));
  // Fewer edits than a checkpoint is due after: only unloading checkpoints them.
  const client = connectStockClient(server.url, docId, writer);
  await client.synced;
  const text = client.doc.getText('t');
  for (let i = 0; i < 120; i++) {
    if (i % 8 === 7) text.delete(0, 1);
    else text.insert(text.length, String.fromCharCode(97 + (i % 26)));
  }
  const observer = connectStockClient(server.url, docId, reader);
  await waitFor('the observer has every edit', () => observer.text() === client.text(), 20_000);
  typed = new Y.Doc();
  Y.applyUpdate(typed, Y.encodeStateAsUpdate(client.doc));
  client.destroy();
  observer.destroy();
  await unloaded();
});

afterAll(async () => {
  await server.close();
});

function unloaded(): Promise<void> {
  return waitFor('the document unloads', () => server.domain.sync.stats().loadedDocs === 0, 20_000);
}

async function newestCheckpoint(): Promise<{ lastUpdateId: number; data: Uint8Array }> {
  const row = await server.domain.store.db
    .selectFrom('doc_checkpoints')
    .select(['last_update_id', 'data'])
    .where('doc_id', '=', docId)
    .orderBy('last_update_id', 'desc')
    .executeTakeFirstOrThrow();
  return { lastUpdateId: Number(row.last_update_id), data: row.data };
}

async function lastRowId(): Promise<number> {
  const row = await server.domain.store.db
    .selectFrom('doc_updates')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('doc_id', '=', docId)
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The first message from `client` after `from` that `pick` accepts. */
async function nextMessage<T>(client: RawClient, from: number, pick: (message: ClientMessage) => T | null): Promise<T> {
  let found: T | null = null;
  await waitFor('a message from the server', () => {
    for (const data of client.received.slice(from)) {
      found = pick(decodeClientMessage(data));
      if (found !== null) return true;
    }
    return false;
  });
  return found!;
}

const step2 = (message: ClientMessage) => (message.kind === 'sync-step2' ? message.update : null);
const emptyStateVector = () => Y.encodeStateVector(new Y.Doc());
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/**
 * Rewrites the newest checkpoint as the same document in other bytes than
 * the server's own copy encodes (deleted text kept, as a writer without
 * garbage collection stores it), so that only an answer taken from storage
 * matches them. Returns those bytes.
 */
async function storeInOtherBytes(): Promise<Uint8Array> {
  const { db } = server.domain.store;
  const { lastUpdateId } = await newestCheckpoint();
  const rows = await db.selectFrom('doc_updates').select('data').where('doc_id', '=', docId).orderBy('id').execute();
  const kept = new Y.Doc({ gc: false });
  for (const row of rows) Y.applyUpdate(kept, row.data);
  const data = Y.encodeStateAsUpdate(kept);
  await db.updateTable('doc_checkpoints').set({ data }).where('doc_id', '=', docId).where('last_update_id', '=', lastUpdateId).execute();
  return data;
}

/** Sends a step 1 with `stateVector` and returns the server's step 2 answer. */
async function ask(client: RawClient, stateVector = emptyStateVector()): Promise<Uint8Array> {
  const from = client.received.length;
  client.send(encodeSyncStep1(stateVector));
  return nextMessage(client, from, step2);
}

describe('cold load', () => {
  it('checkpoints the whole document as it unloads', async () => {
    const newest = await newestCheckpoint();
    expect(newest.lastUpdateId).toBe(await lastRowId());
    const stored = new Y.Doc();
    Y.applyUpdate(stored, newest.data);
    expect(stored.getText('t').toString()).toBe(typed.getText('t').toString());
  });

  it("answers a new client's step 1 with the stored bytes, greeting it with their state vector", async () => {
    const data = await storeInOtherBytes();
    const client = connectRawClient(server.url, docId, reader);
    await client.opened;
    const greeting = await nextMessage(client, 0, (m) => (m.kind === 'sync-step1' ? m.stateVector : null));
    expect(Y.decodeStateVector(greeting)).toEqual(Y.decodeStateVector(Y.encodeStateVector(typed)));

    expect(sameBytes(await ask(client), data)).toBe(true);
    client.socket.close();
    await unloaded();
  });

  it('answers later new clients with the stored bytes too, until the document changes', async () => {
    const data = await storeInOtherBytes();
    const first = connectRawClient(server.url, docId, writer);
    await first.opened;
    await ask(first);
    // The reply to the greeting changes nothing (and builds the server's copy).
    first.send(encodeSyncStep2(new Uint8Array([0, 0])));
    const second = connectRawClient(server.url, docId, reader);
    await second.opened;
    expect(sameBytes(await ask(second), data)).toBe(true);

    const edit = new Y.Doc();
    Y.applyUpdate(edit, data);
    const updates: Uint8Array[] = [];
    edit.on('update', (update: Uint8Array) => updates.push(update));
    edit.getText('t').insert(0, 'changed ');
    first.send(encodeUpdate(updates[0]!));
    // The edit is in once its sender's own step 2 is answered (the other socket's messages may overtake it).
    await ask(first);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, await ask(second));
    expect(fresh.getText('t').toString()).toBe(edit.getText('t').toString());
    first.socket.close();
    second.socket.close();
    await unloaded();
    typed = edit;
  });

  it('answers a client that holds part of the document with what it lacks', async () => {
    const partial = new Y.Doc();
    const text = partial.getText('t');
    text.insert(0, 'offline');
    const client = connectRawClient(server.url, docId, writer);
    await client.opened;
    Y.applyUpdate(partial, await ask(client, Y.encodeStateVector(partial)));
    for (const [clientId, clock] of Y.decodeStateVector(Y.encodeStateVector(typed))) {
      expect(Y.getState(partial.store, clientId)).toBe(clock);
    }
    expect(text.length).toBe(typed.getText('t').length + 'offline'.length);
    client.socket.close();
    await unloaded();
  });

  it('builds its copy before applying an edit that comes first, and stores the edit', async () => {
    const rowsBefore = await lastRowId();
    const edit = new Y.Doc();
    Y.applyUpdate(edit, Y.encodeStateAsUpdate(typed));
    const updates: Uint8Array[] = [];
    edit.on('update', (update: Uint8Array) => updates.push(update));
    edit.getText('t').insert(0, 'first ');

    const client = connectRawClient(server.url, docId, writer);
    await client.opened;
    client.send(encodeUpdate(updates[0]!));
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, await ask(client));
    expect(fresh.getText('t').toString()).toBe(edit.getText('t').toString());
    expect(await lastRowId()).toBeGreaterThan(rowsBefore);
    client.socket.close();
    await unloaded();

    const reloaded = connectStockClient(server.url, docId, reader);
    await reloaded.synced;
    expect(reloaded.text()).toBe(edit.getText('t').toString());
    reloaded.destroy();
  });
});
