// @vitest-environment jsdom
import type { Editor } from '@tiptap/core';
import { CellSelection } from '@tiptap/pm/tables';
import { describe, expect, it } from 'vitest';
import { anchorFromRange } from '../../../shared/anchors';
import { documentExtensions } from '../../../shared/editor-schema';
import { testEditors } from '../doc/test-editors';
import { feedbackTarget } from './feedback-target';
import { startFeedback } from './selection-bubble';
import { highlightsOf, setHighlightedThreads, ThreadHighlights } from './thread-highlights';

const editors = testEditors();

const report =
  '<p>Before.</p><figure><img src="/api/files/abc" alt="A red fox"></figure>' +
  '<table><tbody><tr><th><p>Name</p></th><th><p>Score</p></th></tr><tr><td><p>Ada</p></td><td><p></p></td></tr></tbody></table><p>After.</p>';

function setUp() {
  const { starterKit, figure, tables } = documentExtensions();
  return editors.collaborative(report, (doc) => [ThreadHighlights.configure({ document: doc })], [starterKit.configure({ undoRedo: false }), figure, tables]);
}

/** Positions of the image and of each cell (before the node). */
function places(editor: Editor) {
  let image = -1;
  const cells: number[] = [];
  editor.state.doc.descendants((node, pos) => {
    if (node.type.name === 'image') image = pos;
    if (node.type.name === 'tableCell' || node.type.name === 'tableHeader') cells.push(pos);
  });
  return { image, cells };
}

describe('feedback on an image or a table cell', () => {
  it('anchors a selected image to its one position, quoted by its alt text', () => {
    const { doc, editor } = setUp();
    const { image } = places(editor);
    editor.commands.setNodeSelection(image);
    expect(feedbackTarget(editor.state)).toEqual({ kind: 'image', from: image, to: image + 1 });
    expect(startFeedback(editor, doc, 'comment')).toBe(true);
    const draft = highlightsOf(editor.state)!.draft!;
    expect(draft.target).toBe('image');
    expect(draft.anchor.quote).toBe('[Image: A red fox]');
    expect(editor.view.dom.querySelectorAll('.thread-node-draft')).toHaveLength(1);
  });

  it('anchors the cell the caret is in, and selected cells, to their content', () => {
    const { doc, editor } = setUp();
    const { cells } = places(editor);
    const emptyCell = cells[3]!;
    editor.commands.setTextSelection(emptyCell + 2);
    const cellSize = editor.state.doc.nodeAt(emptyCell)!.nodeSize;
    expect(feedbackTarget(editor.state)).toEqual({ kind: 'cell', from: emptyCell + 1, to: emptyCell + cellSize - 1 });
    expect(startFeedback(editor, doc, 'annotation')).toBe(true);
    expect(highlightsOf(editor.state)!.draft!.anchor.quote).toBe('[Empty table cell]');

    editor.view.dispatch(editor.state.tr.setSelection(CellSelection.create(editor.state.doc, cells[0]!, cells[1]!)));
    const target = feedbackTarget(editor.state)!;
    expect(target.kind).toBe('cell');
    expect(anchorFromRange(doc, target.from, target.to).quote).toBe('Name\nScore');
  });

  it('has nothing to anchor to for a bare caret outside a table', () => {
    const { editor } = setUp();
    editor.commands.setTextSelection(3);
    expect(feedbackTarget(editor.state)).toBeNull();
  });

  it('outlines the image and the cell a thread is about', () => {
    const { doc, editor } = setUp();
    const { image, cells } = places(editor);
    const ada = cells[2]!;
    const adaSize = editor.state.doc.nodeAt(ada)!.nodeSize;
    setHighlightedThreads(editor, [
      { id: 'on-image', kind: 'comment', anchor: anchorFromRange(doc, image, image + 1), replacement: null, shown: true },
      { id: 'on-cell', kind: 'annotation', anchor: anchorFromRange(doc, ada + 1, ada + adaSize - 1), replacement: null, shown: true },
    ]);
    const outlined = [...editor.view.dom.querySelectorAll('.thread-node')];
    expect(outlined.map((element) => element.className)).toEqual([expect.stringContaining('thread-node-comment'), expect.stringContaining('thread-node-annotation')]);
    expect(outlined[1]!.tagName).toBe('TD');
    expect(outlined[1]!.textContent).toBe('Ada');
    // A row added above keeps the cell's thread on it.
    editor.chain().setTextSelection(cells[0]! + 2).addRowAfter().run();
    const moved = [...editor.view.dom.querySelectorAll('td.thread-node')];
    expect(moved.map((element) => element.textContent)).toEqual(['Ada']);
  });
});
