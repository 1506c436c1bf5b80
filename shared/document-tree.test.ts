import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { absolutePositionOf } from './anchors';
import { authorShares, authorshipRanges } from './authorship';
import { documentTree } from './document-tree';
import { treeText } from './document-nodes';

/** Two writers, as two Yjs clients whose ids stand for two users. */
function twoWriters() {
  const ada = new Y.Doc();
  const ben = new Y.Doc();
  const heading = new Y.XmlElement('heading');
  heading.setAttribute('level', 2 as unknown as string);
  const title = new Y.XmlText();
  heading.insert(0, [title]);
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  ada.getXmlFragment('default').insert(0, [heading, paragraph]);
  title.insert(0, 'Title');
  text.insert(0, 'Hello world');
  Y.applyUpdate(ben, Y.encodeStateAsUpdate(ada));
  const bensText = (ben.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlText;
  bensText.insert(5, ', dear', { bold: {} });
  bensText.insert(bensText.length, '!', { link: { href: 'https://example.org' } });
  Y.applyUpdate(ada, Y.encodeStateAsUpdate(ben));
  const authorOf = (client: number) => (client === ada.clientID ? 'ada' : client === ben.clientID ? 'ben' : null);
  return { ada, ben, text, authorOf };
}

describe('document tree', () => {
  it('reads the editor’s fragment as ProseMirror-shaped JSON with authors and marks', () => {
    const { ada, authorOf } = twoWriters();
    const tree = documentTree(ada, { authorOf });
    expect(tree).toEqual([
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Title', author: 'ada' }] },
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Hello', author: 'ada' },
          { type: 'text', text: ', dear', author: 'ben', marks: [{ type: 'bold' }] },
          { type: 'text', text: ' world', author: 'ada' },
          { type: 'text', text: '!', author: 'ben', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }] },
        ],
      },
    ]);
    expect(treeText(tree)).toBe('Title\nHello, dear world!');
    expect(authorShares(tree)).toEqual([
      { author: 'ada', characters: 16 },
      { author: 'ben', characters: 7 },
    ]);
  });

  it('gives authorship ranges in ProseMirror positions, as anchors count them', () => {
    const { ada, text, authorOf } = twoWriters();
    const ranges = authorshipRanges(documentTree(ada, { authorOf }));
    expect(ranges).toEqual([
      { from: 1, to: 6, author: 'ada' },
      { from: 8, to: 13, author: 'ada' },
      { from: 13, to: 19, author: 'ben' },
      { from: 19, to: 25, author: 'ada' },
      { from: 25, to: 26, author: 'ben' },
    ]);
    // The paragraph's text starts where anchors.ts places it.
    expect(absolutePositionOf(ada, Y.createRelativePositionFromTypeIndex(text, 0))).toBe(8);
  });
});
