import { getSchema, type JSONContent } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  anchorFromRange,
  anchorLimits,
  decodeAnchorPosition,
  encodeAnchorPosition,
  resolveAnchor,
  textBetween,
  type Anchor,
} from './anchors';
import { writeAcceptedSuggestion } from './accepted-suggestion';
import { documentSchema } from './editor-schema';

/**
 * Anchors against the Yjs tree Tiptap's Collaboration extension writes: the
 * documents are made from editor JSON by y-tiptap itself, and ProseMirror's
 * own view of the same document is the reference for positions and text.
 */

const schema = getSchema([StarterKit]);

const paragraph = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content });
const text = (value: string, ...marks: string[]): JSONContent => ({
  type: 'text',
  text: value,
  ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}),
});

const essay: JSONContent = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [text('On foxes')] },
    paragraph(text('The quick '), text('brown', 'bold'), text(' fox jumps over the lazy dog.')),
    paragraph(text('A line'), { type: 'hardBreak' }, text('and another.', 'italic')),
    { type: 'horizontalRule' },
    { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('a point'))] }] },
    { type: 'paragraph' },
    paragraph(text('The end.')),
  ],
};

function docFrom(json: JSONContent): Y.Doc {
  const doc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(schema, json, doc.getXmlFragment('default'));
  return doc;
}

/** ProseMirror's document for the Yjs state, as the editor would show it. */
const proseMirrorOf = (doc: Y.Doc) => yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment('default'), schema);

/** The ProseMirror range of the first occurrence of `words` (within one block). */
function rangeOf(doc: Y.Doc, words: string): { from: number; to: number } {
  const pm = proseMirrorOf(doc);
  for (let from = 0; from + words.length <= pm.content.size; from++) {
    if (pm.textBetween(from, from + words.length, '\n', '\n') === words) return { from, to: from + words.length };
  }
  throw new Error(`"${words}" is not in the document`);
}

/** The text an anchor highlights now, or null when it is detached. */
function highlighted(doc: Y.Doc, anchor: Anchor): string | null {
  const range = resolveAnchor(doc, anchor);
  return range && proseMirrorOf(doc).textBetween(range.from, range.to, '\n', '\n');
}

/** Two replicas of one document, as two browsers hold it. */
function twoClients(json: JSONContent = essay) {
  const a = docFrom(json);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  /** Sends each side what the other lacks: edits made meanwhile are concurrent. */
  const exchange = () => {
    const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
    const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
    Y.applyUpdate(b, toB);
    Y.applyUpdate(a, toA);
  };
  return { a, b, exchange };
}

/**
 * The text of the `block`-th top-level block: marks are attributes of one
 * XmlText, so a paragraph without hard breaks has a single one.
 */
function textIn(doc: Y.Doc, block: number): Y.XmlText {
  const element = doc.getXmlFragment('default').get(block) as Y.XmlElement;
  return element.get(0) as Y.XmlText;
}

describe('encoded positions', () => {
  it('round-trip through base64', () => {
    const doc = docFrom(essay);
    const position = Y.createRelativePositionFromTypeIndex(textIn(doc, 1), 4, -1);
    const encoded = encodeAnchorPosition(position);
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const decoded = decodeAnchorPosition(encoded)!;
    expect(encodeAnchorPosition(decoded)).toBe(encoded);
    expect(Y.createAbsolutePositionFromRelativePosition(decoded, doc)).toEqual(Y.createAbsolutePositionFromRelativePosition(position, doc));
  });

  it('refuses what is not one: empty, not base64, garbage, trailing bytes, too long, another root type', () => {
    const doc = docFrom(essay);
    const valid = encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(textIn(doc, 1), 4));
    const bytes = Uint8Array.from(atob(valid), (c) => c.charCodeAt(0));
    const withTrailing = btoa(String.fromCharCode(...bytes, 7, 7, 7));
    const otherRoot = encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('other'), 0));
    const rootEnd = encodeAnchorPosition(Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('default'), 7));
    for (const bad of ['', 'not base64!', '////', btoa('\u00ff\u00ff\u00ff\u00ff'), withTrailing, 'A'.repeat(anchorLimits.position + 4), otherRoot]) {
      expect(decodeAnchorPosition(bad), bad).toBeNull();
    }
    expect(decodeAnchorPosition(rootEnd)).not.toBeNull();
  });
});

describe('positions and text agree with ProseMirror', () => {
  const doc = docFrom(essay);
  const pm = proseMirrorOf(doc);
  const size = pm.content.size;

  it('quotes every range as ProseMirror textBetween does', () => {
    for (let from = 0; from <= size; from++) {
      for (let to = from; to <= size; to++) {
        expect(textBetween(doc, from, to), `${from}..${to}`).toBe(pm.textBetween(from, to, '\n', '\n'));
      }
    }
  });

  it('resolves an anchor made for any range back to that range', () => {
    for (let from = 0; from <= size; from++) {
      for (let to = from + 1; to <= size; to++) {
        expect(resolveAnchor(doc, anchorFromRange(doc, from, to)), `${from}..${to}`).toEqual({ from, to });
      }
    }
  });

  it('keeps the quote with context on each side, and refuses a range outside the document', () => {
    const { from, to } = rangeOf(doc, 'brown fox');
    const anchor = anchorFromRange(doc, from, to);
    expect(anchor.quote).toBe('brown fox');
    expect(anchor.prefix).toBe('On foxes\nThe quick ');
    expect(anchor.suffix).toBe(' jumps over the lazy dog.\nA line');
    expect(() => anchorFromRange(doc, 5, 3)).toThrow(RangeError);
    expect(() => anchorFromRange(doc, 0, size + 1)).toThrow(RangeError);
  });

  it('cuts a very long quote at the limit', () => {
    const long = docFrom({ type: 'doc', content: [paragraph(text('x'.repeat(anchorLimits.quote + 50)))] });
    const anchor = anchorFromRange(long, 1, anchorLimits.quote + 51);
    expect(anchor.quote).toHaveLength(anchorLimits.quote);
    expect(resolveAnchor(long, anchor)).toEqual({ from: 1, to: anchorLimits.quote + 51 });
  });
});

describe('two clients editing around an anchor', () => {
  function anchoredOn(words: string) {
    const clients = twoClients();
    const { from, to } = rangeOf(clients.a, words);
    return { ...clients, anchor: anchorFromRange(clients.a, from, to) };
  }

  it('keeps the highlight on the same words when text is inserted before the range', () => {
    const { a, b, exchange, anchor } = anchoredOn('brown fox');
    textIn(b, 1).insert(0, 'Indeed, ');
    textIn(b, 0).insert(0, 'More ');
    exchange();
    expect(highlighted(a, anchor)).toBe('brown fox');
    expect(highlighted(b, anchor)).toBe('brown fox');
    expect(resolveAnchor(a, anchor)).toEqual(resolveAnchor(b, anchor));
  });

  it('keeps text typed exactly at either edge outside the range', () => {
    const { a, b, exchange, anchor } = anchoredOn('brown fox');
    const paragraphText = textIn(b, 1);
    const start = 'The quick '.length;
    paragraphText.insert(start + 'brown fox'.length, '!!');
    paragraphText.insert(start, '>>');
    exchange();
    for (const doc of [a, b]) {
      expect(highlighted(doc, anchor)).toBe('brown fox');
      expect(proseMirrorOf(doc).textContent).toContain('>>brown fox!! jumps');
    }
  });

  it('grows with text inserted inside the range', () => {
    const { a, b, exchange, anchor } = anchoredOn('brown fox');
    const paragraphText = textIn(a, 1);
    paragraphText.insert('The quick brown'.length, ' and clever');
    exchange();
    expect(highlighted(a, anchor)).toBe('brown and clever fox');
    expect(highlighted(b, anchor)).toBe('brown and clever fox');
  });

  it('does not move for text inserted after the range, or blocks added around it', () => {
    const { a, b, exchange, anchor } = anchoredOn('brown fox');
    textIn(b, 1).insert(textIn(b, 1).length, ' Then it rested.');
    const fragment = b.getXmlFragment('default');
    const before = new Y.XmlElement('paragraph');
    before.insert(0, [new Y.XmlText('A new opening paragraph.')]);
    fragment.insert(1, [before]);
    fragment.insert(3, [new Y.XmlElement('paragraph')]);
    exchange();
    expect(highlighted(a, anchor)).toBe('brown fox');
    expect(highlighted(b, anchor)).toBe('brown fox');
  });

  it('converges on the same words when both clients edit at once', () => {
    const { a, b, exchange, anchor } = anchoredOn('brown fox');
    // Client A types inside the range while B, unaware, types before and after it.
    textIn(a, 1).insert('The quick brown'.length, ' sly');
    textIn(b, 1).insert('The quick brown fox'.length, ', yes,');
    textIn(b, 1).insert(0, 'Look: ');
    exchange();
    expect(proseMirrorOf(a).textContent).toBe(proseMirrorOf(b).textContent);
    expect(highlighted(a, anchor)).toBe('brown sly fox');
    expect(highlighted(b, anchor)).toBe('brown sly fox');
  });

  it('survives formatting applied across the range', () => {
    const { a, b, exchange, anchor } = anchoredOn('lazy dog');
    const paragraphText = textIn(b, 1);
    paragraphText.format(0, paragraphText.length, { italic: {} });
    paragraphText.format('The quick brown fox jumps over the la'.length, 3, { bold: {} });
    exchange();
    expect(highlighted(a, anchor)).toBe('lazy dog');
  });

  it('shrinks when part of the range is deleted, on both clients', () => {
    const { a, b, exchange, anchor } = anchoredOn('fox jumps over');
    const paragraphText = textIn(b, 1);
    paragraphText.delete('The quick brown '.length, 'fox '.length);
    exchange();
    expect(highlighted(a, anchor)).toBe('jumps over');
    expect(highlighted(b, anchor)).toBe('jumps over');
  });

  it('detaches when all of its text is deleted, and stays detached when text is typed where it was', () => {
    const { a, b, exchange, anchor } = anchoredOn('lazy dog');
    const paragraphText = textIn(a, 1);
    const at = 'The quick brown fox jumps over the '.length;
    paragraphText.delete(at, 'lazy dog'.length);
    exchange();
    expect(resolveAnchor(a, anchor)).toBeNull();
    expect(resolveAnchor(b, anchor)).toBeNull();
    textIn(b, 1).insert(at, 'sleepy cat');
    exchange();
    expect(resolveAnchor(a, anchor)).toBeNull();
  });

  it('detaches when its paragraph is deleted', () => {
    const { a, b, exchange, anchor } = anchoredOn('a point');
    b.getXmlFragment('default').delete(4, 1);
    exchange();
    expect(resolveAnchor(a, anchor)).toBeNull();
    expect(resolveAnchor(b, anchor)).toBeNull();
  });

  it('keeps an insertion point (empty quote) attached between the same characters', () => {
    const { a, b, exchange } = twoClients();
    const { to } = rangeOf(a, 'The end');
    const point = anchorFromRange(a, to, to);
    expect(point.quote).toBe('');
    textIn(b, 6).insert(0, 'Truly, ');
    exchange();
    const range = resolveAnchor(a, point);
    expect(range).not.toBeNull();
    expect(range!.from).toBe(range!.to);
    expect(proseMirrorOf(a).textBetween(range!.from - 'The end'.length, range!.from)).toBe('The end');
  });

  it('does not resolve on a replica that has not yet received the text it points into', () => {
    const { a, b, exchange } = twoClients();
    textIn(a, 6).insert(0, 'Fresh words. ');
    const { from, to } = rangeOf(a, 'Fresh words');
    const anchor = anchorFromRange(a, from, to);
    expect(resolveAnchor(b, anchor)).toBeNull();
    exchange();
    expect(highlighted(b, anchor)).toBe('Fresh words');
  });
});

describe('anchors on an image or a table cell', () => {
  const full = documentSchema();
  const cell = (type: 'tableCell' | 'tableHeader', value: string): JSONContent => ({ type, content: [value ? paragraph(text(value)) : { type: 'paragraph' }] });
  const report: JSONContent = {
    type: 'doc',
    content: [
      paragraph(text('Before.')),
      { type: 'image', attrs: { src: '/api/files/abc', alt: 'A red  fox' } },
      {
        type: 'table',
        content: [
          { type: 'tableRow', content: [cell('tableHeader', 'Name'), cell('tableHeader', 'Score')] },
          { type: 'tableRow', content: [cell('tableCell', 'Ada'), cell('tableCell', '')] },
        ],
      },
      paragraph(text('After.')),
    ],
  };
  const docOf = (json: JSONContent) => {
    const doc = new Y.Doc();
    prosemirrorJSONToYXmlFragment(full, json, doc.getXmlFragment('default'));
    return doc;
  };
  const pmOf = (doc: Y.Doc) => yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment('default'), full);
  /** The content range of the `n`-th table cell (row by row), as a cell selection or a caret in it anchors. */
  const cellContent = (doc: Y.Doc, n: number) => {
    const cells: { from: number; to: number }[] = [];
    pmOf(doc).descendants((node, pos) => {
      if (node.type.name === 'tableCell' || node.type.name === 'tableHeader') cells.push({ from: pos + 1, to: pos + node.nodeSize - 1 });
    });
    return cells[n]!;
  };
  /** A row of empty cells, as the editor's "add row" writes it. */
  const emptyRow = (cells: number) => {
    const row = new Y.XmlElement('tableRow');
    row.insert(
      0,
      Array.from({ length: cells }, () => {
        const element = new Y.XmlElement('tableCell');
        element.insert(0, [new Y.XmlElement('paragraph')]);
        return element;
      }),
    );
    return row;
  };

  it('anchors an image as its one position, quoted by its alt text, through edits before it', () => {
    const a = docOf(report);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const at = 'Before.'.length + 2;
    expect(pmOf(a).nodeAt(at)?.type.name).toBe('image');
    const anchor = anchorFromRange(a, at, at + 1);
    expect(anchor.quote).toBe('[Image: A red fox]');
    expect(anchor.prefix).toBe('Before.');
    // Concurrent edits before it: typing in the paragraph above, a new paragraph at the top.
    textIn(b, 0).insert(0, 'Well. ');
    a.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')]);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    for (const doc of [a, b]) {
      const range = resolveAnchor(doc, anchor)!;
      expect(range.to - range.from).toBe(1);
      expect(pmOf(doc).nodeAt(range.from)?.attrs.alt).toBe('A red  fox');
    }
    // Deleting the image detaches the thread.
    b.getXmlFragment('default').delete(2, 1);
    expect(resolveAnchor(b, anchor)).toBeNull();
  });

  it('quotes an image without alt text as an image, and images inside a longer quote by their alt text', () => {
    const doc = docOf({ type: 'doc', content: [paragraph(text('See')), { type: 'image', attrs: { src: '/api/files/x' } }, paragraph(text('below'))] });
    expect(anchorFromRange(doc, 5, 6).quote).toBe('[Image]');
    expect(anchorFromRange(doc, 1, 8).quote).toBe('See\n[Image]\nb');
  });

  it('anchors a table cell by its content, and follows it when a row is inserted above', () => {
    const a = docOf(report);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const ada = cellContent(a, 2);
    const empty = cellContent(a, 3);
    const onAda = anchorFromRange(a, ada.from, ada.to);
    const onEmpty = anchorFromRange(a, empty.from, empty.to);
    expect(onAda.quote).toBe('Ada');
    expect(onEmpty.quote).toBe('[Empty table cell]');
    // Another member adds a row under the header, above the anchored cells.
    const table = b.getXmlFragment('default').get(2) as Y.XmlElement;
    table.insert(1, [emptyRow(2)]);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    for (const doc of [a, b]) {
      expect(resolveAnchor(doc, onAda)).toEqual(cellContent(doc, 4));
      expect(resolveAnchor(doc, onEmpty)).toEqual(cellContent(doc, 5));
      // A row of two empty cells: the row (2) and two cells each holding an empty paragraph (4 each).
      expect(cellContent(doc, 5).from).toBe(empty.from + 10);
    }
    // Deleting the anchored row detaches them.
    table.delete(2, 1);
    expect(resolveAnchor(b, onAda)).toBeNull();
    expect(resolveAnchor(b, onEmpty)).toBeNull();
  });

  it('anchors several selected cells from the first one\'s content to the last one\'s', () => {
    const doc = docOf(report);
    const anchor = anchorFromRange(doc, cellContent(doc, 1).from, cellContent(doc, 2).to);
    expect(anchor.quote).toBe('Score\nAda');
    expect(resolveAnchor(doc, anchor)).toEqual({ from: cellContent(doc, 1).from, to: cellContent(doc, 2).to });
  });

  it('lets an accepted suggestion replace an image or a cell\'s text, as the server writes it', () => {
    const doc = docOf(report);
    const at = 'Before.'.length + 2;
    const onImage = anchorFromRange(doc, at, at + 1);
    const ada = cellContent(doc, 2);
    const onCell = anchorFromRange(doc, ada.from, ada.to);
    expect(writeAcceptedSuggestion(doc, resolveAnchor(doc, onCell)!, 'Ada L.')).toBe(true);
    expect(pmOf(doc).nodeAt(cellContent(doc, 2).from)?.textContent).toBe('Ada L.');
    expect(writeAcceptedSuggestion(doc, resolveAnchor(doc, onImage)!, '')).toBe(true);
    let images = 0;
    pmOf(doc).descendants((node) => void (node.type.name === 'image' && images++));
    expect(images).toBe(0);
    expect(resolveAnchor(doc, onImage)).toBeNull();
    expect(pmOf(doc).textBetween(0, pmOf(doc).content.size, '\n', '\n')).toBe('Before.\nName\nScore\nAda L.\n\nAfter.');
  });
});
