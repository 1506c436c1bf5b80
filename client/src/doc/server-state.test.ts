import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ServerState } from './server-state';

/** A sync message as the server sends it, past its message type. */
function message(write: (encoder: encoding.Encoder) => void): decoding.Decoder {
  const encoder = encoding.createEncoder();
  write(encoder);
  return decoding.createDecoder(encoding.toUint8Array(encoder));
}

function paragraph(fragment: Y.XmlFragment, text: string): Y.XmlText {
  const element = new Y.XmlElement('paragraph');
  fragment.push([element]);
  const content = new Y.XmlText();
  element.push([content]);
  content.insert(0, text);
  return content;
}

describe('what the server holds, once told', () => {
  it('finds the text this device holds beyond the server’s step 1 and what it sent since', () => {
    const server = new Y.Doc();
    const first = paragraph(server.getXmlFragment('default'), 'Stored before the due time.');
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(server));

    const state = new ServerState();
    expect(state.told).toBe(false);
    state.heard(message((e) => syncProtocol.writeSyncStep1(e, server)));
    expect(state.told).toBe(true);
    expect(state.lacks(Y.encodeStateVector(device))).toBe(false);
    expect(state.unsentText(device)).toBe('');

    // Typed on this device after the lock, in the first paragraph and a new one.
    const mine = device.getXmlFragment('default').get(0) as Y.XmlElement;
    (mine.get(0) as Y.XmlText).insert(first.length, ' Typed late');
    paragraph(device.getXmlFragment('default'), 'A whole late paragraph');
    expect(state.lacks(Y.encodeStateVector(device))).toBe(true);
    expect(state.unsentText(device)).toBe(' Typed late\nA whole late paragraph');

    // What the server sends raises what it holds: an instructor's edit is not "unsent".
    const before = Y.encodeStateVector(server);
    first.insert(0, 'Instructor: ');
    const sent = Y.encodeStateAsUpdate(server, before);
    Y.applyUpdate(device, sent);
    state.heard(message((e) => syncProtocol.writeUpdate(e, sent)));
    expect(state.unsentText(device)).toBe(' Typed late\nA whole late paragraph');

    state.forget();
    expect(state.told).toBe(false);
    expect(state.lacks(Y.encodeStateVector(device))).toBe(false);
  });

  it('finds whether the server holds text this device lacks', () => {
    const server = new Y.Doc();
    paragraph(server.getXmlFragment('default'), 'Stored.');
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
    const state = new ServerState();
    expect(state.holdsBeyond(Y.encodeStateVector(device))).toBe(false);

    state.heard(message((e) => syncProtocol.writeSyncStep1(e, server)));
    expect(state.holdsBeyond(Y.encodeStateVector(device))).toBe(false);
    // This device's own text beyond the server's is not the server's.
    paragraph(device.getXmlFragment('default'), 'Typed here.');
    expect(state.holdsBeyond(Y.encodeStateVector(device))).toBe(false);

    paragraph(server.getXmlFragment('default'), 'Written by someone else.');
    state.heard(message((e) => syncProtocol.writeSyncStep1(e, server)));
    expect(state.holdsBeyond(Y.encodeStateVector(device))).toBe(true);
    expect(state.holdsBeyond(Y.encodeStateVector(new Y.Doc()))).toBe(true);
  });
});
