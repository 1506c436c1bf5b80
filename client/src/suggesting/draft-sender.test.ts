// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { anchorFromRange } from '../../../shared/anchors';
import { DraftSender } from './draft-sender';

/**
 * Drafts that cannot be sent stay in the browser, keyed by document and
 * writer, and a page opened again picks them up and sends them. The network
 * is the browser's fetch, refused here as when offline.
 */
const senders: DraftSender[] = [];
afterEach(() => {
  for (const sender of senders.splice(0)) sender.destroy();
  vi.unstubAllGlobals();
  localStorage.clear();
});

function paragraphDoc(text: string): Y.Doc {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  doc.getXmlFragment('default').insert(0, [paragraph]);
  paragraph.insert(0, [new Y.XmlText(text)]);
  return doc;
}

describe('sending suggestion drafts', () => {
  it('keeps a draft that cannot be sent, marks it waiting, and a reopened page has it again', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const doc = paragraphDoc('The cat sat.');
    const sender = new DraftSender('docaaaaaaaaaaaaaaa', 'useraaaaaaaaaaaaaa');
    senders.push(sender);
    expect(sender.book.apply(doc, { from: 5, to: 5, text: 'big ' }, 5)).not.toBeNull();
    await sender.flush();
    expect(sender.waiting).toBe(true);
    expect(sender.shown()).toEqual([{ draft: expect.objectContaining({ replacement: 'big ' }), waiting: true }]);

    // "Reload": a new sender for the same document and writer finds the draft, anchor and all.
    sender.destroy();
    const again = new DraftSender('docaaaaaaaaaaaaaaa', 'useraaaaaaaaaaaaaa');
    senders.push(again);
    expect(again.book.drafts).toEqual([expect.objectContaining({ replacement: 'big ', anchor: anchorFromRange(doc, 5, 5) })]);
    // Another writer's drafts are theirs.
    const other = new DraftSender('docaaaaaaaaaaaaaaa', 'userbbbbbbbbbbbbbb');
    senders.push(other);
    expect(other.book.drafts).toEqual([]);
  });
});
