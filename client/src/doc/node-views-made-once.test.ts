// @vitest-environment jsdom
import { Node } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { describe, expect, it } from 'vitest';
import { NodeViewsMadeOnce } from './node-views-made-once';
import { testEditors } from './test-editors';

const editors = testEditors();

/** An editor with notes drawn by a plain DOM node view, as it stands before EditorContent takes it in. */
function editorWith(madeOnce: boolean) {
  let drawn = 0;
  const Note = Node.create({
    name: 'note',
    group: 'block',
    content: 'inline*',
    parseHTML: () => [{ tag: 'aside' }],
    renderHTML: () => ['aside', 0],
    addNodeView() {
      return () => {
        drawn += 1;
        const dom = document.createElement('aside');
        dom.dataset.view = 'note';
        return { dom, contentDOM: dom };
      };
    },
  });
  const editor = editors.open({
    extensions: [StarterKit.configure({ undoRedo: false }), Note, ...(madeOnce ? [NodeViewsMadeOnce] : [])],
    content: '<aside>First.</aside><aside>Second.</aside>',
  });
  return { editor, drawn: () => drawn, viewed: () => editor.view.dom.querySelectorAll('aside[data-view="note"]').length };
}

describe('node views made once', () => {
  it('keeps the drawn document when the React binding asks for the node views again', () => {
    const { editor, drawn, viewed } = editorWith(true);
    const first = editor.view.dom.firstChild;
    expect(drawn()).toBe(2);
    editor.createNodeViews();
    expect(drawn()).toBe(2);
    expect(editor.view.dom.firstChild).toBe(first);
    expect(viewed()).toBe(2);
  });

  it('is needed: without it, asking again draws the whole document anew', () => {
    const { editor, drawn } = editorWith(false);
    editor.createNodeViews();
    expect(drawn()).toBe(4);
  });

  it('makes them again once they were cleared, as EditorContent clears them when it unmounts', () => {
    const { editor, viewed } = editorWith(true);
    editor.view.setProps({ nodeViews: {} });
    expect(viewed()).toBe(0);
    editor.createNodeViews();
    expect(viewed()).toBe(2);
  });
});
