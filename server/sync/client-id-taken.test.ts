import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { closeCodes } from '../../shared/close-codes';
import { moveToFreshClientIds } from '../../client/src/doc/client-id-move';
import { encodeUpdate } from './protocol';
import { connectRawClient, stockClientPool, waitFor } from './test-clients';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';

/**
 * A client told its Yjs client id is taken (another user wrote under it
 * first) moves what it typed offline to a fresh id and sends it again: the
 * client half of client-id ownership (client/src/doc/client-id-move.ts), run
 * with the stock y-websocket client against a real server.
 */

function addParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment('default');
  fragment.insert(fragment.length, [paragraph]);
}

const textOf = (doc: Y.Doc) => doc.getXmlFragment('default').toString();

describe('a client whose client id is taken', () => {
  let server: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  const clients = stockClientPool();

  beforeAll(async () => {
    server = await startTestServer();
    [alice, bob] = await server.createUsers('Alice', 'Bob');
  });
  afterEach(() => clients.destroyAll());
  afterAll(() => server.close());

  it('moves its offline edits to a fresh id, and the server and everyone converge on all of them', async () => {
    const { docId } = await createTestDoc(server, [
      { member: alice, role: 'member' },
      { member: bob, role: 'member' },
    ]);
    // Alice wrote online earlier: stored, and her device keeps a copy.
    const earlier = clients.connect(server.url, docId, alice);
    await earlier.synced;
    addParagraph(earlier.doc, 'Stored earlier');
    const watcher = clients.connect(server.url, docId, bob);
    await waitFor('the stored paragraph to reach bob', () => textOf(watcher.doc).includes('Stored earlier'));

    // She reopens the document offline: the device copy, under a client id nobody has seen written yet.
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(earlier.doc));
    earlier.destroy();
    addParagraph(device, 'Typed offline');
    const stored = (device.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    stored.insert(stored.length, ', then more');
    stored.delete(0, 'Stored '.length);
    const expected = '<paragraph>earlier, then more</paragraph><paragraph>Typed offline</paragraph>';
    expect(textOf(device)).toBe(expected);

    // Bob writes one character under her id before she is back.
    const squatter = new Y.Doc();
    Y.applyUpdate(squatter, Y.encodeStateAsUpdate(watcher.doc));
    squatter.clientID = device.clientID;
    const before = Y.encodeStateVector(squatter);
    ((squatter.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'x');
    const raw = connectRawClient(server.url, docId, bob);
    await raw.opened;
    raw.send(encodeUpdate(Y.encodeStateAsUpdate(squatter, before)));
    await waitFor('bob’s character under her id to reach bob', () => textOf(watcher.doc).includes('xStored'));

    // She reconnects: her offline edits are under a taken id.
    const refused = clients.connect(server.url, docId, alice, { doc: device });
    expect((await refused.closed).code).toBe(closeCodes.clientIdForged);

    const moved = await moveToFreshClientIds(device, (doc) => clients.connect(server.url, docId, alice, { doc }).provider);
    expect(moved.moves.map((move) => move.client)).toEqual([device.clientID]);

    // Everything she typed offline is on the server, next to bob's character, and they converge.
    const fresh = clients.connect(server.url, docId, bob);
    await waitFor('her offline text on the server', () => textOf(fresh.doc).includes('Typed offline'));
    const converged = '<paragraph>xearlier, then more</paragraph><paragraph>Typed offline</paragraph>';
    await waitFor('everyone to converge', () => [fresh.doc, watcher.doc, moved.doc].every((doc) => textOf(doc) === converged));
    expect(moved.provider.wsconnected).toBe(true);
  });
});
