// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react';
import { CharacterCount } from '@tiptap/extensions';
import StarterKit from '@tiptap/starter-kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DocumentCounts } from './document-counts';
import { testEditors } from './test-editors';

const editors = testEditors();

afterEach(cleanup);

const shown = () => document.querySelector('.doc-counts')?.textContent;

describe('DocumentCounts', () => {
  it('counts the text once per change to it, not once per transaction', () => {
    const editor = editors.open({ extensions: [StarterKit, CharacterCount], content: '<p>Plants make their own food.</p>' });
    const words = vi.spyOn(editor.storage.characterCount, 'words');
    render(<DocumentCounts editor={editor} />);
    expect(shown()).toBe('5 words · 27 characters');
    const counted = words.mock.calls.length;

    // The caret moves, a teammate's cursor arrives (a transaction with metadata only): nothing to count again.
    act(() => {
      editor.commands.setTextSelection(3);
      editor.view.dispatch(editor.state.tr.setMeta('remote-cursors', true));
    });
    expect(words.mock.calls.length).toBe(counted);

    act(() => {
      editor.commands.insertContentAt(editor.state.doc.content.size - 1, ' Green ones do.');
    });
    expect(shown()).toBe('8 words · 42 characters');
    expect(words.mock.calls.length).toBe(counted + 1);
  });
});
