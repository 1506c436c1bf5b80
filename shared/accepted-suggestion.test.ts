import type { JSONContent } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeAcceptedSuggestion } from './accepted-suggestion';
import { anchorFromRange, resolveAnchor } from './anchors';
import { documentSchema } from './editor-schema';

/**
 * How an accepted suggestion's text goes into the Yjs tree the editor binds
 * to: documents are made from editor JSON by y-tiptap itself, written by a
 * writer's client, and the suggestion is written under another client id, as
 * the server does for the suggester.
 */

const schema = documentSchema();
const writer = 1;
const suggester = 2;

const paragraph = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content });
const text = (value: string, ...marks: string[]): JSONContent => ({
  type: 'text',
  text: value,
  ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}),
});

function written(...content: JSONContent[]): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = writer;
  prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content }, doc.getXmlFragment('default'));
  doc.clientID = suggester;
  return doc;
}

const json = (doc: Y.Doc) => yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment('default'), schema).toJSON();

/** The range of the first occurrence of `words`, as an anchor made on it resolves. */
function rangeOf(doc: Y.Doc, words: string) {
  const node = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment('default'), schema);
  let found: { from: number; to: number } | null = null;
  node.descendants((child, pos) => {
    if (found || !child.isText) return;
    const at = child.text!.indexOf(words);
    if (at >= 0) found = { from: pos + at, to: pos + at + words.length };
  });
  if (!found) throw new Error(`"${words}" is not in the document`);
  const { from, to } = found;
  return resolveAnchor(doc, anchorFromRange(doc, from, to))!;
}

/** Characters of live text per client id. */
function textByClient(doc: Y.Doc): Map<number, string> {
  const byClient = new Map<number, string>();
  for (const [client, structs] of doc.store.clients) {
    for (const struct of structs) {
      if (struct instanceof Y.Item && !struct.deleted && struct.content instanceof Y.ContentString) {
        byClient.set(client, (byClient.get(client) ?? '') + struct.content.str);
      }
    }
  }
  return byClient;
}

describe('writeAcceptedSuggestion', () => {
  it('replaces the range with the text, in the formatting it replaces, leaving the rest of the text to its writer', () => {
    const doc = written(paragraph(text('Photo 51 shows an '), text('X-shaped', 'bold'), text(' pattern.')));
    expect(writeAcceptedSuggestion(doc, rangeOf(doc, 'X-shaped'), '<b>cross</b>-like')).toBe(true);
    expect(json(doc).content).toEqual([paragraph(text('Photo 51 shows an '), text('<b>cross</b>-like', 'bold'), text(' pattern.'))]);
    expect(textByClient(doc)).toEqual(
      new Map([
        [writer, 'Photo 51 shows an  pattern.'],
        [suggester, '<b>cross</b>-like'],
      ]),
    );
  });

  it('turns line breaks into hard breaks', () => {
    const doc = written(paragraph(text('One two three.')));
    writeAcceptedSuggestion(doc, rangeOf(doc, 'two'), 'a\nb');
    expect(json(doc).content).toEqual([paragraph(text('One a'), { type: 'hardBreak' }, text('b three.'))]);
  });

  it('inserts at a point with the formatting of the text before it, and deletes for an empty replacement', () => {
    const doc = written(paragraph(text('Bold', 'italic'), text(' plain.')));
    const end = rangeOf(doc, 'Bold').to;
    writeAcceptedSuggestion(doc, { from: end, to: end }, 'er');
    expect(json(doc).content).toEqual([paragraph(text('Bolder', 'italic'), text(' plain.'))]);
    writeAcceptedSuggestion(doc, rangeOf(doc, ' plain'), '');
    expect(json(doc).content).toEqual([paragraph(text('Bolder', 'italic'), text('.'))]);
  });

  it('joins the blocks a range spans, as typing over that selection would', () => {
    const doc = written(paragraph(text('First line.')), paragraph(text('Second line.')));
    const from = rangeOf(doc, 'line.').from;
    const to = rangeOf(doc, 'Second').to;
    writeAcceptedSuggestion(doc, { from, to }, 'and');
    expect(json(doc).content).toEqual([paragraph(text('First and line.'))]);
  });

  it('writes nothing when the text already reads as suggested, and refuses a range outside the document', () => {
    const doc = written(paragraph(text('Same words.')));
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    expect(writeAcceptedSuggestion(doc, rangeOf(doc, 'words'), 'words')).toBe(true);
    expect(writeAcceptedSuggestion(doc, { from: 0, to: 10_000 }, 'x')).toBe(false);
    expect(updates).toEqual([]);
  });
});
