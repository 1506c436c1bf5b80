// @vitest-environment jsdom
import StarterKit from '@tiptap/starter-kit';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { testEditors } from '../doc/test-editors';
import { SelectionBubble } from './selection-bubble';

// First, so that its afterEach runs last (after hooks run in reverse): the bubble unmounts before its editor goes.
const editors = testEditors();
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** jsdom lays nothing out, so a layout read is seen by the offsetParent getter it goes through. */
function watchLayoutReads() {
  const read = vi.fn(() => document.body);
  vi.spyOn(HTMLElement.prototype, 'offsetParent', 'get').mockImplementation(read);
  return read;
}

describe('SelectionBubble', () => {
  it('measures nothing while hidden (a document opening with the caret in its text), and places itself once text is selected', () => {
    const editor = editors.open({ extensions: [StarterKit], content: '<p>Photo 51 shows an X.</p>' });
    // coordsAtPos reads the layout too; jsdom has none to give.
    vi.spyOn(editor.view, 'coordsAtPos').mockReturnValue({ top: 40, bottom: 60, left: 30, right: 30 });
    const layoutReads = watchLayoutReads();

    render(<SelectionBubble editor={editor} ydoc={new Y.Doc()} />);
    const bubble = screen.getByRole('toolbar', { hidden: true });
    expect(bubble.hidden).toBe(true);
    expect(layoutReads).not.toHaveBeenCalled();

    act(() => {
      editor.commands.setTextSelection({ from: 1, to: 9 });
    });
    // Shown while the selection is text and the bubble has the focus (Tab from the selection).
    act(() => screen.getByRole('button', { name: 'Comment', hidden: true }).focus());
    expect(bubble.hidden).toBe(false);
    expect(layoutReads).toHaveBeenCalled();
    // Above the selection's first line (jsdom: a frame at 0 and a bubble of no height).
    expect(bubble.style.top).toBe('32px');
  });
});
