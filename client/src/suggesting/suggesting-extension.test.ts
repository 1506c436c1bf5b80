// @vitest-environment jsdom
import { TextSelection } from '@tiptap/pm/state';
import { Fragment, Slice } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { peerOf, testEditors } from '../doc/test-editors';
import { DraftBook } from './draft-book';
import { Suggesting } from './suggesting-extension';

const editors = testEditors();

/** An editor over a Y.Doc holding `text` in one paragraph, in Suggesting mode, and a peer replica (another person). */
function setUp(text: string) {
  const book = new DraftBook();
  let active = false;
  const { doc, editor } = editors.collaborative(`<p>${text}</p>`, (doc) => [
    Suggesting.configure({ document: doc, book, active: () => active, shown: () => book.drafts.map((draft) => ({ draft, waiting: false })) }),
  ]);
  const peer = peerOf(doc);
  active = true;
  const shared = () => (doc.getXmlFragment('default').get(0) as Y.XmlElement).toArray().map((t) => (t as Y.XmlText).toString()).join('');
  const caretAt = (pos: number) => editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, pos)));
  const select = (from: number, to: number) => editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, from, to)));
  const type = (chars: string) => {
    for (const char of chars) editor.view.dispatch(editor.state.tr.insertText(char));
  };
  const backspace = () => {
    const { from, to } = editor.state.selection;
    editor.view.dispatch(editor.state.tr.delete(from === to ? from - 1 : from, to));
  };
  const forwardDelete = () => {
    const { from } = editor.state.selection;
    editor.view.dispatch(editor.state.tr.delete(from, from + 1));
  };
  const drafts = () => book.drafts.map((d) => ({ quote: d.anchor.quote, replacement: d.replacement }));
  return { doc, peer, book, editor, shared, caretAt, select, type, backspace, forwardDelete, drafts };
}

const pos = (text: string, word: string) => 1 + text.indexOf(word);
const sentence = 'The cat sat on the mat.';

describe('Suggesting mode', () => {
  it('turns typing at a point into an insertion, extended while typing, without changing the shared text', () => {
    const s = setUp(sentence);
    s.caretAt(pos(sentence, 'cat'));
    s.type('big ');
    expect(s.drafts()).toEqual([{ quote: '', replacement: 'big ' }]);
    expect(s.shared()).toBe(sentence);
    expect(s.editor.state.doc.textContent).toBe(sentence);
    // Drawn inline, underlined, with a label.
    const ins = s.editor.view.dom.querySelector('ins.suggestion-draft');
    expect(ins?.textContent).toBe('big ');
    expect(ins?.getAttribute('aria-label')).toMatch(/Suggestion by .* \(insert\)/);
  });

  it('makes a run of backspaces one deletion, and Delete extends forwards', () => {
    const s = setUp(sentence);
    s.caretAt(pos(sentence, ' sat'));
    s.backspace();
    s.backspace();
    s.backspace();
    expect(s.drafts()).toEqual([{ quote: 'cat', replacement: '' }]);
    expect(s.editor.view.dom.querySelector('del.suggestion-draft')?.textContent).toBe('cat');
    s.caretAt(pos(sentence, 'on'));
    s.forwardDelete();
    s.forwardDelete();
    expect(s.drafts()).toEqual([{ quote: 'cat', replacement: '' }, { quote: 'on', replacement: '' }]);
    expect(s.shared()).toBe(sentence);
  });

  it('replaces a selection typed over or pasted over, and a line break becomes one in the replacement', () => {
    const s = setUp(sentence);
    s.select(pos(sentence, 'mat'), pos(sentence, 'mat') + 3);
    s.type('rug');
    expect(s.drafts()).toEqual([{ quote: 'mat', replacement: 'rug' }]);
    s.select(pos(sentence, 'The'), pos(sentence, 'The') + 3);
    // A paste: the clipboard's slice over the selection.
    s.editor.view.dispatch(s.editor.state.tr.replaceSelection(new Slice(Fragment.from(s.editor.schema.text('A')), 0, 0)));
    expect(s.drafts()[1]).toEqual({ quote: 'The', replacement: 'A' });
    // Enter at the end of the draft adds a line break to it.
    s.editor.commands.splitBlock();
    s.type('B');
    expect(s.drafts()[1]).toEqual({ quote: 'The', replacement: 'A\nB' });
    expect(s.shared()).toBe(sentence);
  });

  it('shortens its own inserted text with Backspace, and removes a draft left empty', () => {
    const s = setUp(sentence);
    s.caretAt(pos(sentence, 'cat'));
    s.type('fat');
    s.backspace();
    expect(s.drafts()).toEqual([{ quote: '', replacement: 'fa' }]);
    s.backspace();
    s.backspace();
    expect(s.drafts()).toEqual([]);
  });

  it('undoes the last suggestion step with Mod-z, never the shared text', () => {
    const s = setUp(sentence);
    s.caretAt(pos(sentence, 'cat'));
    s.type('ab');
    s.caretAt(pos(sentence, 'mat'));
    s.type('x');
    expect(s.book.undo()).toBe(true);
    expect(s.drafts()).toEqual([{ quote: '', replacement: 'ab' }]);
    expect(s.book.undo()).toBe(true);
    expect(s.drafts()).toEqual([{ quote: '', replacement: 'a' }]);
    // The keyboard shortcut does the same.
    s.editor.commands.keyboardShortcut('Mod-z');
    expect(s.drafts()).toEqual([]);
    expect(s.shared()).toBe(sentence);
  });

  it('lets remote changes through untouched, and drafts follow them', () => {
    const s = setUp(sentence);
    s.caretAt(pos(sentence, 'mat'));
    s.type('red ');
    const text = (s.peer.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, 'Look: ');
    expect(s.editor.state.doc.textContent).toBe(`Look: ${sentence}`);
    const [draft] = s.book.drafts;
    expect(s.book.rangeOf(s.doc, draft!)).toEqual({ from: pos(`Look: ${sentence}`, 'mat'), to: pos(`Look: ${sentence}`, 'mat') });
    // Typing at the draft's place, now moved, still extends it.
    s.type('x');
    expect(s.drafts()).toEqual([{ quote: '', replacement: 'red x' }]);
  });
});
