import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { creditEdit, measureDeletions, measureInsertions, pasteThreshold, type UpdateMeasure } from './edit-tally';

/**
 * Measuring updates as the room applies them (edit-tally.ts), on plain Yjs
 * documents standing in for clients and for the server's garbage-collected
 * document.
 */

/** Applies an update to `doc` as the room does, and measures it. */
function applyMeasured(doc: Y.Doc, update: Uint8Array): UpdateMeasure {
  const decoded = Y.decodeUpdate(update);
  const measure: UpdateMeasure = { inserted: measureInsertions(decoded, doc.store), deleted: 0 };
  const observe = (transaction: Y.Transaction) => (measure.deleted += measureDeletions(transaction, decoded.ds));
  doc.on('afterTransaction', observe);
  Y.applyUpdate(doc, update);
  doc.off('afterTransaction', observe);
  return measure;
}

/** Runs `edit` on a client doc and returns the update it makes. */
function updateOf(client: Y.Doc, edit: () => void): Uint8Array {
  const before = Y.encodeStateVector(client);
  edit();
  return Y.encodeStateAsUpdate(client, before);
}

function paragraphWith(doc: Y.Doc, content: string): Y.XmlText {
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  doc.getXmlFragment('default').insert(0, [paragraph]);
  text.insert(0, content);
  return text;
}

const total = (measure: UpdateMeasure) =>
  [...measure.inserted.values()].reduce((sum, counts) => ({ chars: sum.chars + counts.chars, words: sum.words + counts.words }), { chars: 0, words: 0 });

describe('edit tally', () => {
  it('counts a word once whether it is typed key by key or pasted, and counts formatting as nothing', () => {
    const server = new Y.Doc();
    const typist = new Y.Doc();
    let typed = { chars: 0, words: 0 };
    const text = new Y.XmlText();
    const first = updateOf(typist, () => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [text]);
      typist.getXmlFragment('default').insert(0, [paragraph]);
    });
    expect(total(applyMeasured(server, first))).toEqual({ chars: 0, words: 0 });
    for (const [i, char] of [...'two  words'].entries()) {
      const measured = total(applyMeasured(server, updateOf(typist, () => text.insert(i, char))));
      typed = { chars: typed.chars + measured.chars, words: typed.words + measured.words };
    }
    expect(typed).toEqual({ chars: 10, words: 2 });
    // Bold on a word is formatting: no characters. A word typed after it (bold) starts after a space.
    expect(total(applyMeasured(server, updateOf(typist, () => text.format(0, 3, { bold: {} }))))).toEqual({ chars: 0, words: 0 });
    expect(total(applyMeasured(server, updateOf(typist, () => text.insert(10, ' more', { bold: {} }))))).toEqual({ chars: 5, words: 1 });

    const paster = new Y.Doc();
    expect(total(applyMeasured(new Y.Doc(), updateOf(paster, () => paragraphWith(paster, 'two  words more'))))).toEqual({ chars: 15, words: 3 });
  });

  it('gives the same figures whichever of two concurrent edits arrives first', () => {
    // Ben wrote a paragraph; then, at once, Ada types into it and Ben deletes it.
    const ben = new Y.Doc();
    const base = updateOf(ben, () => paragraphWith(ben, 'Ben here'));
    const ada = new Y.Doc();
    Y.applyUpdate(ada, base);
    const adasText = (ada.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const adaTypes = updateOf(ada, () => adasText.insert(0, 'XYZ'));
    const benDeletes = updateOf(ben, () => ben.getXmlFragment('default').delete(0, 1));

    for (const order of [
      [adaTypes, benDeletes],
      [benDeletes, adaTypes],
    ] as const) {
      const server = new Y.Doc(); // garbage collection on, as the live documents
      Y.applyUpdate(server, base);
      const measures = order.map((update) => applyMeasured(server, update));
      const adas = measures[order.indexOf(adaTypes)]!;
      const bens = measures[order.indexOf(benDeletes)]!;
      // Ada typed 3 characters, a word; Ben deleted his 8 (not Ada's, which he never saw).
      expect(total(adas)).toEqual({ chars: 3, words: 1 });
      expect(adas.deleted).toBe(0);
      expect(total(bens)).toEqual({ chars: 0, words: 0 });
      expect(bens.deleted).toBe(8);
      expect(server.getXmlFragment('default').length).toBe(0);
    }
  });

  it('does not count text the document already has (a resend), nor deletions of deleted text', () => {
    const client = new Y.Doc();
    const server = new Y.Doc();
    const write = updateOf(client, () => paragraphWith(client, 'hello'));
    expect(total(applyMeasured(server, write))).toEqual({ chars: 5, words: 1 });
    expect(total(applyMeasured(server, write))).toEqual({ chars: 0, words: 0 });
    const erase = updateOf(client, () => ((client.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(1, 3));
    expect(applyMeasured(server, erase).deleted).toBe(3);
    expect(applyMeasured(server, erase).deleted).toBe(0);
  });

  it('flags a large live insertion as pasted, and nothing else', () => {
    const measure = (chars: number): UpdateMeasure => ({ inserted: new Map([[1, { chars, words: 1 }]]), deleted: 2 });
    expect(creditEdit(measure(pasteThreshold), { actor: 'u', at: 5, live: true })).toEqual({
      userId: 'u',
      at: 5,
      inserted: pasteThreshold,
      words: 1,
      pasted: pasteThreshold,
      pastes: 1,
      deleted: 2,
    });
    expect(creditEdit(measure(pasteThreshold - 1), { actor: 'u', at: 5, live: true })).toMatchObject({ pasted: 0, pastes: 0 });
    // A reconnecting client's catch-up (or a restore) may be large without being a paste.
    expect(creditEdit(measure(5000), { actor: 'u', at: 5, live: false })).toMatchObject({ inserted: 5000, pasted: 0, pastes: 0 });
  });
});
