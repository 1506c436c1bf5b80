// @vitest-environment jsdom
import type { Editor } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeAcceptedSuggestion } from '../../../shared/accepted-suggestion';
import { anchorFromRange } from '../../../shared/anchors';
import { peerOf, testEditors } from '../doc/test-editors';
import { startInsertion } from './suggest-insertion';
import {
  activateThread,
  highlightsOf,
  setFeedbackDraft,
  setHighlightedThreads,
  ThreadHighlights,
  threadHighlightsKey,
  type HighlightedThread,
} from './thread-highlights';

const editors = testEditors();

/** An editor bound to a Y.Doc, and a second replica of that document kept in sync with it (another person). */
function setUp(html: string) {
  const { doc, editor } = editors.collaborative(html, (doc) => [ThreadHighlights.configure({ document: doc })]);
  return { doc, peer: peerOf(doc), editor };
}

/** The ProseMirror range of the first occurrence of `text`. */
function rangeOf(editor: Editor, text: string): { from: number; to: number } {
  let found: { from: number; to: number } | null = null;
  editor.state.doc.descendants((node, pos) => {
    if (found || !node.isText) return;
    const at = node.text!.indexOf(text);
    if (at >= 0) found = { from: pos + at, to: pos + at + text.length };
  });
  if (!found) throw new Error(`"${text}" is not in the document`);
  return found;
}

function thread(editor: Editor, doc: Y.Doc, text: string, extra: Partial<HighlightedThread> = {}): HighlightedThread {
  const { from, to } = rangeOf(editor, text);
  return { id: `t-${text}`, kind: 'comment', anchor: anchorFromRange(doc, from, to), replacement: null, shown: true, ...extra };
}

const highlighted = (editor: Editor, selector = '.thread-highlight') =>
  [...editor.view.dom.querySelectorAll(selector)].map((element) => element.textContent);

/** Lets the re-resolution queued after our own edits run. */
const settle = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('thread highlights', () => {
  it('draws a thread’s range as a decoration and adds nothing to the document', () => {
    const { doc, editor } = setUp('<p>Photo 51 shows an X-shaped diffraction pattern.</p>');
    const before = editor.getJSON();
    setHighlightedThreads(editor, [thread(editor, doc, 'X-shaped')]);
    expect(highlighted(editor)).toEqual(['X-shaped']);
    expect(editor.getJSON()).toEqual(before);
    expect(doc.getXmlFragment('default').toString()).not.toContain('highlight');
  });

  it('keeps the highlight on the same words when another person edits before and inside the range', () => {
    const { doc, peer, editor } = setUp('<p>Photo 51 shows an X-shaped diffraction pattern.</p>');
    setHighlightedThreads(editor, [thread(editor, doc, 'X-shaped diffraction')]);
    const text = (peer.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    peer.transact(() => text.insert(0, 'Famous '));
    expect(highlighted(editor)).toEqual(['X-shaped diffraction']);
    peer.transact(() => text.insert(text.toString().indexOf('diffraction'), 'clear '));
    expect(highlighted(editor)).toEqual(['X-shaped clear diffraction']);
  });

  it('follows our own typing, and detaches the thread when its text is deleted', async () => {
    const { doc, editor } = setUp('<p>Photo 51 shows an X-shaped diffraction pattern.</p>');
    const x = thread(editor, doc, 'X-shaped');
    setHighlightedThreads(editor, [x]);
    editor.commands.insertContentAt(rangeOf(editor, 'Photo').from, 'The ');
    await settle();
    expect(highlighted(editor)).toEqual(['X-shaped']);
    expect(highlightsOf(editor.state)?.ranges.get(x.id)).toEqual(rangeOf(editor, 'X-shaped'));

    editor.commands.deleteRange(rangeOf(editor, 'an X-shaped '));
    await settle();
    expect(highlighted(editor)).toEqual([]);
    expect(highlightsOf(editor.state)?.ranges.get(x.id)).toBeNull();
  });

  it('resolves again once per burst of our own edits, and then rests', async () => {
    const { doc, editor } = setUp('<p>Photo 51 shows an X-shaped diffraction pattern.</p>');
    setHighlightedThreads(editor, [thread(editor, doc, 'X-shaped')]);
    let transactions = 0;
    editor.on('transaction', () => {
      // A loop would never yield to the timer below: break it so that the test fails instead of hanging.
      if (++transactions > 20) editor.view.destroy();
    });
    const resolved = new Promise<void>((resolve) =>
      editor.on('transaction', ({ transaction }) => {
        if (transaction.getMeta(threadHighlightsKey)?.type === 'resolve') resolve();
      }),
    );
    editor.commands.insertContentAt(1, 'A ');
    await resolved;
    // Re-resolutions are queued as microtasks: once the next task runs, a loop would have run its course.
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The edit, and one re-resolution after it reached the Y.Doc: never a loop.
    expect(transactions).toBe(2);
  });

  it('shows a suggestion inline: the range struck through, the proposed text beside it as text', () => {
    const { doc, editor } = setUp('<p>Photo 51 shows an X-shaped diffraction pattern.</p>');
    const payload = '<img src=x onerror="window.__xss=1">cross-shaped';
    setHighlightedThreads(editor, [thread(editor, doc, 'X-shaped', { kind: 'suggestion', replacement: payload })]);
    expect(highlighted(editor, 'del.suggestion-deletion')).toEqual(['X-shaped']);
    const insertion = editor.view.dom.querySelector('ins.suggestion-insertion');
    expect(insertion?.textContent).toBe(payload);
    expect(insertion?.querySelector('img')).toBeNull();
    // The widget is not part of the document.
    expect(editor.state.doc.textContent).toBe('Photo 51 shows an X-shaped diffraction pattern.');
  });

  it('draws only the threads shown, marks the active one and the draft range', () => {
    const { doc, editor } = setUp('<p>Photo 51 shows an X-shaped diffraction pattern.</p>');
    const hidden = thread(editor, doc, 'Photo 51', { shown: false });
    const pattern = thread(editor, doc, 'pattern');
    setHighlightedThreads(editor, [hidden, pattern]);
    expect(highlighted(editor)).toEqual(['pattern']);
    expect(highlightsOf(editor.state)?.ranges.get(hidden.id)).toEqual(rangeOf(editor, 'Photo 51'));
    activateThread(editor, pattern.id);
    expect(highlighted(editor, '.thread-highlight.is-active')).toEqual(['pattern']);
    const { from, to } = rangeOf(editor, 'diffraction');
    setFeedbackDraft(editor, { kind: 'comment', anchor: anchorFromRange(doc, from, to) });
    expect(highlighted(editor, '.thread-draft')).toEqual(['diffraction']);
  });

  it('activates the innermost thread under a click', () => {
    const { doc, editor } = setUp('<p>Photo 51 shows an X-shaped diffraction pattern.</p>');
    const outer = thread(editor, doc, 'X-shaped diffraction pattern');
    const inner = thread(editor, doc, 'diffraction');
    setHighlightedThreads(editor, [outer, inner]);
    const click = (pos: number) =>
      editor.view.someProp('handleClick', (handle) => handle(editor.view, pos, new MouseEvent('click')));
    click(rangeOf(editor, 'diffraction').from + 2);
    expect(highlightsOf(editor.state)?.activeId).toBe(inner.id);
    click(rangeOf(editor, 'pattern').from + 1);
    expect(highlightsOf(editor.state)?.activeId).toBe(outer.id);
    click(rangeOf(editor, 'Photo').from);
    expect(highlightsOf(editor.state)?.activeId).toBeNull();
  });

  it('counts each click on a thread as a tap, even on the active one, and neither clicks off threads nor choices in the panel', () => {
    const { doc, editor } = setUp('<p>Photo 51 shows an X-shaped diffraction pattern.</p>');
    const pattern = thread(editor, doc, 'diffraction pattern');
    setHighlightedThreads(editor, [pattern]);
    const taps = () => highlightsOf(editor.state)?.taps;
    const click = (pos: number) =>
      editor.view.someProp('handleClick', (handle) => handle(editor.view, pos, new MouseEvent('click')));
    click(rangeOf(editor, 'pattern').from);
    expect(taps()).toBe(1);
    click(rangeOf(editor, 'pattern').from);
    expect(taps()).toBe(2);
    expect(highlightsOf(editor.state)?.activeId).toBe(pattern.id);
    click(rangeOf(editor, 'Photo').from);
    expect(taps()).toBe(2);
    activateThread(editor, pattern.id);
    expect(taps()).toBe(2);
  });
});

/** Accepting writes into the document (the server does, as the suggester): the editor shows it as it shows anyone's edit. */
describe('an accepted suggestion in the editor', () => {
  it('replaces the range with the proposed text, as text, and the change reaches the other replica', () => {
    const { doc, peer, editor } = setUp('<p>Photo 51 shows an <strong>X-shaped</strong> pattern.</p>');
    expect(writeAcceptedSuggestion(doc, rangeOf(editor, 'X-shaped'), '<b>cross</b>-shaped')).toBe(true);
    expect(editor.state.doc.textContent).toBe('Photo 51 shows an <b>cross</b>-shaped pattern.');
    expect(editor.view.dom.querySelector('strong')?.textContent).toBe('<b>cross</b>-shaped');
    const paragraph = (peer.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const delta = paragraph.toDelta() as { insert: string; attributes?: Record<string, unknown> }[];
    expect(delta.map((op) => op.insert).join('')).toBe('Photo 51 shows an <b>cross</b>-shaped pattern.');
    expect(delta.find((op) => op.insert === '<b>cross</b>-shaped')?.attributes).toHaveProperty('bold');
  });

  it('deletes for an empty replacement, and refuses a range outside the document', () => {
    const { doc, editor } = setUp('<p>Photo 51 shows an X-shaped pattern.</p>');
    expect(writeAcceptedSuggestion(doc, rangeOf(editor, 'X-shaped '), '')).toBe(true);
    expect(editor.state.doc.textContent).toBe('Photo 51 shows an pattern.');
    expect(writeAcceptedSuggestion(doc, { from: 0, to: 10_000 }, 'x')).toBe(false);
  });

  it('suggests an insertion at the caret (an empty range), marks its place, and accepting inserts the text there', () => {
    const { doc, peer, editor } = setUp('<p>Photo 51 shows the pattern.</p>');
    const caret = rangeOf(editor, 'the').to;
    editor.commands.setTextSelection(caret);
    expect(startInsertion(editor, doc)).toBe(true);
    const draft = highlightsOf(editor.state)?.draft;
    expect(draft?.kind).toBe('suggestion');
    expect(draft?.anchor.quote).toBe('');
    expect(draft?.anchor.prefix).toBe('Photo 51 shows the');
    expect(highlightsOf(editor.state)?.draftRange).toEqual({ from: caret, to: caret });
    expect(editor.view.dom.querySelectorAll('.thread-draft-caret')).toHaveLength(1);

    const insertion: HighlightedThread = { id: 't-insert', kind: 'suggestion', anchor: draft!.anchor, replacement: ' diffraction', shown: true };
    setFeedbackDraft(editor, null);
    setHighlightedThreads(editor, [insertion]);
    expect(editor.view.dom.querySelectorAll('.thread-draft-caret')).toHaveLength(0);
    expect(highlighted(editor, 'ins.suggestion-insertion')).toEqual([' diffraction']);
    const range = highlightsOf(editor.state)?.ranges.get(insertion.id);
    expect(range).toEqual({ from: caret, to: caret });
    expect(writeAcceptedSuggestion(doc, range!, ' diffraction')).toBe(true);
    expect(editor.state.doc.textContent).toBe('Photo 51 shows the diffraction pattern.');
    expect(peer.getXmlFragment('default').toString()).toContain('Photo 51 shows the diffraction pattern.');
  });

  it('offers no insertion where text cannot go', () => {
    const { doc, editor } = setUp('<p>Photo 51</p><hr><p>shows the pattern.</p>');
    editor.commands.setNodeSelection(rangeOf(editor, 'Photo 51').to + 1);
    expect(startInsertion(editor, doc)).toBe(false);
    expect(highlightsOf(editor.state)?.draft).toBeNull();
  });
});
