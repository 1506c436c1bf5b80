import * as Y from 'yjs';
import type { StockClient } from '../../sync/test-clients';

/**
 * Editing as Tiptap does it, for the history tests: paragraphs in the
 * `default` XmlFragment, each an XmlElement holding one XmlText. Every call
 * that says "one transaction" sends one y-websocket update.
 */

export function fragmentOf(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment('default');
}

/** Appends a paragraph holding `text` (one transaction); returns its XmlText. */
export function addParagraph(doc: Y.Doc, text = ''): Y.XmlText {
  let content!: Y.XmlText;
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    content = new Y.XmlText();
    paragraph.insert(0, [content]);
    const fragment = fragmentOf(doc);
    fragment.insert(fragment.length, [paragraph]);
    if (text) content.insert(0, text);
  });
  return content;
}

/** The XmlText of the paragraph at `index`. */
export function paragraphText(doc: Y.Doc, index: number): Y.XmlText {
  const paragraph = fragmentOf(doc).get(index);
  if (!(paragraph instanceof Y.XmlElement)) throw new Error(`no paragraph ${index}`);
  const text = paragraph.get(0);
  if (!(text instanceof Y.XmlText)) throw new Error(`paragraph ${index} holds no text`);
  return text;
}

/** Types `chars` at `at`, one character per transaction, as a person at a keyboard. */
export function typeInto(text: Y.XmlText, at: number, chars: string): void {
  [...chars].forEach((char, i) => text.insert(at + i, char));
}

/** The document's paragraphs as plain strings (without formatting). */
export function paragraphs(doc: Y.Doc): string[] {
  return fragmentOf(doc)
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.toArray().map(plainText).join('') : ''));
}

function plainText(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (!(node instanceof Y.XmlText)) return '';
  return (node.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
}

/** Whether every client holds the same paragraphs. */
export function agree(clients: readonly StockClient[]): boolean {
  const first = JSON.stringify(paragraphs(clients[0]!.doc));
  return clients.every((client) => JSON.stringify(paragraphs(client.doc)) === first);
}
