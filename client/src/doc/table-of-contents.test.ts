// @vitest-environment jsdom
import type { Editor } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { documentExtensions } from '../../../shared/editor-schema';
import { goToHeading, headingsOf } from './table-of-contents';
import { testEditors } from './test-editors';

// jsdom lays nothing out, so it has no scrolling.
Element.prototype.scrollIntoView ??= () => {};

const editors = testEditors();

function editorWith(html: string): Editor {
  return editors.open({ extensions: Object.values(documentExtensions()), content: html });
}

describe('table of contents', () => {
  it('lists the headings in order with their levels, nested ones too, and leaves empty headings out', () => {
    const editor = editorWith('<h1>Report</h1><p>Intro</p><h2>Method</h2><blockquote><h3>Quoted</h3></blockquote><h2> </h2><h3>Results &amp; more</h3>');
    expect(headingsOf(editor.state.doc).map(({ level, text }) => [level, text])).toEqual([
      [1, 'Report'],
      [2, 'Method'],
      [3, 'Quoted'],
      [3, 'Results & more'],
    ]);
  });

  it('follows the document as it changes', () => {
    const editor = editorWith('<h1>Report</h1><p>Intro</p>');
    editor.commands.insertContentAt(editor.state.doc.content.size, '<h2>Discussion</h2>');
    expect(headingsOf(editor.state.doc).map((entry) => entry.text)).toEqual(['Report', 'Discussion']);
  });

  it('moves the caret to the heading chosen, and ignores a position that is no heading', () => {
    const editor = editorWith('<h1>Report</h1><p>Intro</p><h2>Method</h2>');
    const method = headingsOf(editor.state.doc)[1]!;
    goToHeading(editor, method.pos);
    expect(editor.state.selection.from).toBe(method.pos + 1);
    expect(editor.state.selection.$from.parent.textContent).toBe('Method');
    goToHeading(editor, 1);
    goToHeading(editor, 10_000);
    expect(editor.state.selection.from).toBe(method.pos + 1);
  });
});
