import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { closeCodes } from '../../shared/close-codes';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { encodeAwareness, encodeSyncStep1, encodeUpdate, messageType } from './protocol';
import { connectRawClient, connectStockClient, waitFor, type StockClient } from './test-clients';

/**
 * A malformed, oversized or hostile message closes that one connection; the
 * document, its other clients and the server are unaffected, since one
 * member's broken or malicious client must not cost anyone else their work.
 * A pair of stock clients edits the same document throughout.
 */
const maxMessageBytes = 64 * 1024;
let server: TestServer;
let attacker: TestUser;
let docId: string;
let a: StockClient;
let b: StockClient;
let round = 0;

beforeAll(async () => {
  server = await startTestServer({ MAX_MESSAGE_BYTES: String(maxMessageBytes) });
  const alice = await server.createUser('Alice');
  const bob = await server.createUser('Bob');
  attacker = await server.createUser('Mallory');
  ({ docId } = await createTestDoc(server, [
    { member: alice, role: 'member' },
    { member: bob, role: 'member' },
    { member: attacker, role: 'member' },
  ]));
  a = connectStockClient(server.url, docId, alice);
  b = connectStockClient(server.url, docId, bob);
  await Promise.all([a.synced, b.synced]);
});

afterAll(async () => {
  a.destroy();
  b.destroy();
  await server.close();
});

/** Sends `frame` from a fresh attacker socket; returns its close code once the pair has synced another edit. */
async function attack(frame: Uint8Array | string): Promise<number> {
  const raw = connectRawClient(server.url, docId, attacker);
  await raw.opened;
  raw.send(frame as Uint8Array);
  const { code } = await raw.closed;

  round += 1;
  const marker = `[${round}]`;
  a.doc.getText('t').insert(a.text().length, marker);
  await waitFor(`the pair still syncs ${marker}`, () => b.text().endsWith(marker));
  expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
  return code;
}

function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageType.sync);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** yjs #687: a few bytes that declare a billion structs for one client. */
function crafted687Update(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // one client
  encoding.writeVarUint(encoder, 1_000_000_000); // structs
  encoding.writeVarUint(encoder, 12345); // client id
  encoding.writeVarUint(encoder, 0); // clock
  encoding.writeUint8(encoder, 0); // a GC struct...
  encoding.writeVarUint(encoder, 1); // ...of length 1; the other 999,999,999 are not there
  return encoding.toUint8Array(encoder);
}

/** A v1 update of one struct by `client` at `clock`, written by `write`, with no deletions. */
function v1Update(client: number, clock: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const value of [1, 1, client, clock]) encoding.writeVarUint(encoder, value);
  write(encoder);
  encoding.writeVarUint(encoder, 0);
  return encoding.toUint8Array(encoder);
}

/** A string item at the root type `name`, without origins: info, parent by name, text. */
function writeRootString(e: encoding.Encoder, name: string, text: string): void {
  encoding.writeUint8(e, 4);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, name);
  encoding.writeVarString(e, text);
}

describe('hostile input closes only the offending connection', () => {
  it('an unknown message type', async () => {
    expect(await attack(new Uint8Array([42]))).toBe(closeCodes.badMessage);
  });

  it('the auth message, which only servers send', async () => {
    expect(await attack(new Uint8Array([messageType.auth, 0, 0]))).toBe(closeCodes.badMessage);
  });

  it('an empty frame and an unknown sync type', async () => {
    expect(await attack(new Uint8Array([]))).toBe(closeCodes.badMessage);
    expect(await attack(syncFrame(7, new Uint8Array([0, 0])))).toBe(closeCodes.badMessage);
  });

  it('a truncated update (declared length longer than the frame)', async () => {
    const update = encodeUpdate(Y.encodeStateAsUpdate(a.doc));
    expect(await attack(update.subarray(0, update.length - 3))).toBe(closeCodes.badMessage);
  });

  it('an update whose Yjs content is cut short, and one that is garbage', async () => {
    const content = Y.encodeStateAsUpdate(a.doc);
    expect(await attack(encodeUpdate(content.subarray(0, content.length - 4)))).toBe(closeCodes.badMessage);
    expect(await attack(encodeUpdate(new Uint8Array([1, 5, 200, 200, 200, 7, 1, 2, 3])))).toBe(closeCodes.badMessage);
  });

  it('trailing bytes after a message', async () => {
    const frame = encodeSyncStep1(Y.encodeStateVector(a.doc));
    expect(await attack(new Uint8Array([...frame, 0]))).toBe(closeCodes.badMessage);
  });

  it('a malformed state vector in sync step 1', async () => {
    expect(await attack(syncFrame(0, new Uint8Array([200, 200, 200])))).toBe(closeCodes.badMessage);
  });

  it('a crafted update declaring a billion structs (yjs #687), refused at once', async () => {
    const started = Date.now();
    expect(await attack(encodeUpdate(crafted687Update()))).toBe(closeCodes.badMessage);
    expect(Date.now() - started).toBeLessThan(2000);
    const metric = await server.domain.metrics.rejectedMessages.get();
    expect(metric.values.find((v) => v.labels.reason === 'hostile')?.value).toBeGreaterThan(0);
  });

  it('an item whose origin is a later struct of its own client, which Yjs cannot integrate (found by socket-fuzz)', async () => {
    // Its right origin is missing too, so Yjs would hold it back until that arrives, then throw
    // in the middle of applying whatever brought it, and on every later load of the document.
    const forward = v1Update(424242, 0, (e) => {
      encoding.writeUint8(e, 0x80 | 0x40 | 4); // left and right origins, string content
      for (const value of [424242, 3, 434343, 0]) encoding.writeVarUint(e, value);
      encoding.writeVarString(e, 'x');
    });
    expect(await attack(encodeUpdate(forward))).toBe(closeCodes.badMessage);
  });

  it('malformed awareness: bad JSON, and a count it cannot hold', async () => {
    const badJson = encoding.createEncoder();
    encoding.writeVarUint(badJson, 1);
    encoding.writeVarUint(badJson, 99);
    encoding.writeVarUint(badJson, 1);
    encoding.writeVarString(badJson, '{not json');
    expect(await attack(encodeAwareness(encoding.toUint8Array(badJson)))).toBe(closeCodes.badMessage);
    expect(await attack(encodeAwareness(new Uint8Array([0xff, 0xff, 0xff, 0x7f])))).toBe(closeCodes.badMessage);
  });

  it('a text frame', async () => {
    expect(await attack('hello')).toBe(closeCodes.badMessage);
  });

  it('a frame over MAX_MESSAGE_BYTES (1009 from ws)', async () => {
    expect(await attack(new Uint8Array(maxMessageBytes + 1))).toBe(closeCodes.messageTooBig);
  });

  it('a resend of known clocks that points at ids nobody wrote leaves no trace in later states (found by socket-fuzz)', async () => {
    // Mallory types after the pair's text, so that what they type next depends on hers...
    const mallory = new Y.Doc();
    mallory.clientID = 777_000;
    Y.applyUpdate(mallory, Y.encodeStateAsUpdate(a.doc));
    const before = Y.encodeStateVector(mallory);
    mallory.getText('t').insert(mallory.getText('t').length, '(hello)');
    const hello = Y.encodeStateAsUpdate(mallory, before);
    // ...then sends a struct of a client id with a gap before it (it waits for it), and
    // "resends" her first character with other content and a left origin nobody wrote.
    const waiting = v1Update(777_001, 5, (e) => writeRootString(e, 't', 'y'));
    const stale = v1Update(mallory.clientID, Y.getState(mallory.store, mallory.clientID) - 7, (e) => {
      encoding.writeUint8(e, 0x80 | 4); // a left origin, string content
      encoding.writeVarUint(e, 999);
      encoding.writeVarUint(e, 7);
      encoding.writeVarString(e, 'x');
    });
    const raw = connectRawClient(server.url, docId, attacker);
    await raw.opened;
    for (const update of [hello, waiting, stale]) raw.send(encodeUpdate(update));
    raw.send(encodeSyncStep1(Y.encodeStateVector(mallory)));
    await waitFor('the server to answer after storing all three', () => raw.received.some((m) => m[0] === messageType.sync && m[1] === 1));
    raw.socket.close();
    await waitFor('the pair to see her text', () => b.text().endsWith('(hello)'));
    a.doc.getText('t').insert(a.text().length, '[after]');
    await waitFor('the pair to sync after it', () => b.text().endsWith('[after]'));

    // Every later encoding of the document holds the text: a newcomer's sync step 2 here (checkpoints are made the same way).
    const newcomer = connectStockClient(server.url, docId, attacker);
    await newcomer.synced;
    expect(newcomer.text()).toBe(a.text());
    newcomer.destroy();
  });

  it('leaves the document intact: a newcomer gets exactly the pair’s state', async () => {
    const newcomer = connectStockClient(server.url, docId, attacker);
    await newcomer.synced;
    expect(newcomer.text()).toBe(a.text());
    expect(b.text()).toBe(a.text());
    // Sockets the tests before closed from the client side are counted until the server hears their close.
    await waitFor('only the pair and the newcomer to be connected', () => server.domain.sync.stats().connections === 3);
    newcomer.destroy();
  });
});
