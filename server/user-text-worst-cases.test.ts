import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocNode } from '../shared/document-nodes';
import { treeMarkdown } from './features/export/markdown';
import { scoresUrl } from './features/lti/grades-line-item';
import { measureInsertions } from './sync/edit-tally';

/**
 * The server's own scans of user text (the ones shared/ does not hold; see
 * shared/user-text-worst-cases.test.ts) fed the input worst for each, and
 * held to a generous bound that only a linear scan meets: the old ones took
 * seconds to minutes on these inputs, or overflowed the stack.
 */

const bound = 1_000;

function timed(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

const text = (value: string, marks: { type: string }[] = []): DocNode => ({ type: 'text', text: value, marks, author: null });

describe('the Markdown export at its worst', () => {
  it('keeps spaces outside emphasis in linear time, however many spaces a text holds inside', () => {
    // A lazy middle before `\s*$` retried the spaces from each place: 15 s for this paragraph.
    const value = ` a${' '.repeat(100_000)}b `;
    let markdown = '';
    expect(timed(() => (markdown = treeMarkdown([{ type: 'paragraph', content: [text(value, [{ type: 'bold' }])] }])))).toBeLessThan(bound);
    expect(markdown).toBe(` **a${' '.repeat(100_000)}b** \n`);
  });

  it('fences code holding a great many runs of backticks', () => {
    // Every run spread into Math.max overflowed the stack: the export failed.
    const code = '`a'.repeat(200_000) + '````';
    const tree: DocNode[] = [
      { type: 'codeBlock', content: [text(code)] },
      { type: 'paragraph', content: [text(code, [{ type: 'code' }])] },
    ];
    let markdown = '';
    expect(timed(() => (markdown = treeMarkdown(tree)))).toBeLessThan(bound);
    expect(markdown.startsWith('`````\n')).toBe(true);
    expect(markdown).toContain('\n\n````` `a');
  });
});

describe('an LMS line item address at its worst', () => {
  it('cuts a long run of trailing slashes in linear time', () => {
    // `/\/+$/` retried each slash of a run that does not end the path: 5 s for 50 000.
    expect(timed(() => scoresUrl(`https://lms.example/lineitems/${'/'.repeat(100_000)}a`))).toBeLessThan(bound);
    expect(scoresUrl(`https://lms.example/lineitems/7${'/'.repeat(100_000)}?type=x`)).toBe('https://lms.example/lineitems/7/scores?type=x');
  });
});

describe('measuring an update at its worst', () => {
  it('finds the character before many insertions that share one origin behind a long run of formatting', () => {
    // A document whose text holds a long run of formatting marks, as one insertion with many attributes makes it.
    const server = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    server.getXmlFragment('default').insert(0, [paragraph]);
    const held = new Y.XmlText();
    paragraph.insert(0, [held]);
    held.insert(0, 'a');
    held.insert(1, 'b', Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, true])));

    // A crafted update: 10 000 characters, each placed right after the last formatting mark.
    const writer = new Y.Doc();
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(writer);
    const textOf = (doc: Y.Doc) => (doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    writer.transact((transaction) => {
      const target = textOf(writer);
      let last: Y.Item | null = null;
      for (let item = target._start; item; item = item.right) if (item.content instanceof Y.ContentFormat) last = item;
      for (let i = 0; i < 10_000; i++) {
        const id = Y.createID(writer.clientID, Y.getState(writer.store, writer.clientID));
        const item = new Y.Item(id, last, last!.lastId, last!.right, last!.right?.id ?? null, target, null, new Y.ContentString('c'));
        item.integrate(transaction, 0);
      }
    });
    const update = Y.decodeUpdate(Y.encodeStateAsUpdate(writer, before));

    let inserted: ReturnType<typeof measureInsertions> = new Map();
    expect(timed(() => (inserted = measureInsertions(update, server.store)))).toBeLessThan(bound);
    expect(inserted.get(writer.clientID)?.chars).toBe(10_000);
  });
});
