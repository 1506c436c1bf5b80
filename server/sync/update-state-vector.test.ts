import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodedStateVectorOfUpdate, stateVectorOfUpdate } from './update-state-vector';

/**
 * The state vector read from an update's bytes must be exactly Yjs's own
 * (Y.encodeStateVectorFromUpdate), for every kind of content, with deleted
 * and garbage-collected text, several clients, pending structs after a gap,
 * and updates that start past clock 0.
 */
const yjsStateVector = (update: Uint8Array) => Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update));

function expectSame(update: Uint8Array): void {
  expect(stateVectorOfUpdate(update)).toEqual(yjsStateVector(update));
  expect(Y.decodeStateVector(encodedStateVectorOfUpdate(update))).toEqual(yjsStateVector(update));
}

/** A deterministic pseudo-random sequence, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('the state vector of an update', () => {
  it('is empty for an empty document', () => {
    expectSame(Y.encodeStateAsUpdate(new Y.Doc()));
  });

  it('counts every kind of content: text with formats and embeds, maps, arrays, binary, nested and XML types, sub-documents', () => {
    const doc = new Y.Doc();
    const text = doc.getText('text');
    text.insert(0, 'Hello 🌍 world', { bold: true });
    text.insertEmbed(3, { image: 'x.png' });
    text.format(1, 4, { italic: true });
    const map = doc.getMap('map');
    map.set('number', 42);
    map.set('object', { a: [1, 'two', null, true], b: { c: 1.5 } });
    map.set('binary', new Uint8Array([1, 2, 3]));
    map.set('nested', new Y.Map());
    map.set('list', Y.Array.from([1, 2, 3]));
    map.set('sub', new Y.Doc());
    const array = doc.getArray('array');
    array.insert(0, ['a', 1, { x: 2 }, [3]]);
    const fragment = doc.getXmlFragment('default');
    const element = new Y.XmlElement('paragraph');
    element.setAttribute('class', 'lead');
    const xmlText = new Y.XmlText();
    element.insert(0, [xmlText]);
    fragment.insert(0, [element]);
    map.set('hook', new Y.XmlHook('figure'));
    xmlText.insert(0, 'inside', { bold: true });
    expectSame(Y.encodeStateAsUpdate(doc));
  });

  it('counts legacy JSON content', () => {
    // Yjs still reads JSON content (kind 2), which only old clients write.
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1); // one client
    encoding.writeVarUint(encoder, 1); // one struct
    encoding.writeVarUint(encoder, 7); // client 7
    encoding.writeVarUint(encoder, 0); // from clock 0
    encoding.writeUint8(encoder, 2); // JSON content, no origins
    encoding.writeVarUint(encoder, 1); // parent: a root type by name
    encoding.writeVarString(encoder, 'array');
    encoding.writeVarUint(encoder, 3);
    for (const value of ['1', '"two"', '{"three":3}']) encoding.writeVarString(encoder, value);
    encoding.writeVarUint(encoder, 0); // no deletions
    expectSame(encoding.toUint8Array(encoder));
  });

  it('counts deleted text, kept or garbage-collected, from several clients', () => {
    for (const gc of [true, false]) {
      const a = new Y.Doc({ gc });
      const b = new Y.Doc({ gc });
      a.getText('t').insert(0, 'abcdefghij');
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
      b.getText('t').delete(2, 5);
      b.getText('t').insert(1, 'XY');
      a.getText('t').delete(0, 1);
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
      expectSame(Y.encodeStateAsUpdate(a));
    }
  });

  it('stops at a gap (pending structs) and leaves out clients that start past clock 0', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (const word of ['one ', 'two ', 'three ', 'four ']) doc.getText('t').insert(doc.getText('t').length, word);
    const withGap = Y.mergeUpdates([updates[0]!, updates[2]!, updates[3]!]);
    expectSame(withGap);
    expect(stateVectorOfUpdate(withGap).get(doc.clientID)).toBe('one '.length);
    const later = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(new Map([[doc.clientID, 4]])));
    expectSame(later);
    expect(stateVectorOfUpdate(later).size).toBe(0);
  });

  it('agrees with Yjs on documents edited at random by several clients', () => {
    const next = random(8);
    for (let round = 0; round < 30; round++) {
      const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
      for (let step = 0; step < 60; step++) {
        const doc = docs[Math.floor(next() * docs.length)]!;
        const text = doc.getText('t');
        const roll = next();
        if (roll < 0.5 || text.length === 0) text.insert(Math.floor(next() * (text.length + 1)), 'ab€𝄞c'.slice(0, 1 + Math.floor(next() * 5)));
        else if (roll < 0.8) text.delete(Math.floor(next() * text.length), 1);
        else doc.getMap('m').set(`k${Math.floor(next() * 5)}`, next() < 0.5 ? next() : [next(), 'x']);
        if (next() < 0.3) {
          const other = docs[Math.floor(next() * docs.length)]!;
          Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
        }
      }
      for (const doc of docs) expectSame(Y.encodeStateAsUpdate(doc));
    }
  });
});
