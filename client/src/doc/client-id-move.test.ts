import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { followLaterEdits, moveUnacknowledged } from './client-id-move';

/** A paragraph of `text` at the end of the document's `default` fragment, as the editor writes one. */
function addParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment('default');
  fragment.insert(fragment.length, [paragraph]);
}

function textOf(doc: Y.Doc): string {
  return doc.getXmlFragment('default').toString();
}

describe('moveUnacknowledged', () => {
  it('re-authors only what the server does not hold as this device does, where it was typed, under a fresh id', () => {
    const local = new Y.Doc();
    addParagraph(local, 'Stored');
    const stored = Y.encodeStateAsUpdate(local);
    const before = Y.encodeStateVector(local);
    // Typed offline: at the end of the stored paragraph, and a new one.
    ((local.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(6, ' and kept');
    addParagraph(local, 'Offline');
    // ... and a deletion of stored text.
    ((local.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 1);
    const offline = Y.encodeStateAsUpdate(local, before);

    // The server holds the stored part, then someone else's character under the same id.
    const server = new Y.Doc();
    Y.applyUpdate(server, stored);
    const squatter = new Y.Doc();
    Y.applyUpdate(squatter, stored);
    squatter.clientID = local.clientID;
    ((squatter.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'x');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(squatter, before));
    expect(offline.byteLength).toBeGreaterThan(0);

    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
    const [move] = moveUnacknowledged(local, copy);
    expect(move).toMatchObject({ client: local.clientID, from: Y.decodeStateVector(before).get(local.clientID) });
    expect(move!.to).not.toBe(local.clientID);
    expect(textOf(copy)).toBe('<paragraph>xtored and kept</paragraph><paragraph>Offline</paragraph>');
    // Nothing stored is written twice, and nothing new is written under the taken id.
    expect(Y.getState(copy.store, local.clientID)).toBe(Y.getState(server.store, local.clientID));
  });

  it('moves the edits of a device that never reached the server whole, and edits made on the old document after follow', () => {
    const server = new Y.Doc();
    addParagraph(server, 'Theirs');
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(server));
    addParagraph(local, 'Mine');
    // Someone else's structs under this device's id: all of it differs.
    const squatter = new Y.Doc();
    Y.applyUpdate(squatter, Y.encodeStateAsUpdate(server));
    squatter.clientID = local.clientID;
    ((squatter.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(6, '!');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(squatter));

    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
    const moves = moveUnacknowledged(local, copy);
    expect(moves).toMatchObject([{ client: local.clientID, from: 0 }]);
    expect(textOf(copy)).toBe('<paragraph>Theirs!</paragraph><paragraph>Mine</paragraph>');

    // The editor still shows the old document until it is rebound: what is typed there follows.
    const stop = followLaterEdits(local, copy, moves);
    ((local.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(4, ', typed on');
    stop();
    addParagraph(local, 'after it stopped');
    expect(textOf(copy)).toBe('<paragraph>Theirs!</paragraph><paragraph>Mine, typed on</paragraph>');
    // A server that takes the moved edits ends with the same text.
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(server));
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(server)));
    expect(textOf(elsewhere)).toBe(textOf(copy));
  });
});
