import type { Editor } from '@tiptap/core';
import { useEffect } from 'react';
import { anchorFromRange } from '../../../shared/anchors';
import type * as Y from 'yjs';
import { setFeedbackDraft } from './thread-highlights';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
/**
 * Ctrl+Alt+I suggests an insertion at the caret. Control even on a Mac:
 * ⌘⌥I opens the browser's developer tools there.
 */
const insertionShortcut = isMac ? '⌃⌥I' : 'Ctrl+Alt+I';

/**
 * Starts a suggestion to insert text at the caret (an empty range means
 * insert): an anchor whose start and end are the same position and whose
 * quote is empty, handed to the panel's form. With a range selected, the
 * insertion goes after it. Returns false where text cannot go (between
 * blocks, a selected image) or while the editor and the Y.Doc disagree.
 */
export function startInsertion(editor: Editor, ydoc: Y.Doc): boolean {
  if (editor.isDestroyed) return false;
  const { $to } = editor.state.selection;
  if (!$to.parent.inlineContent) return false;
  try {
    setFeedbackDraft(editor, { kind: 'suggestion', anchor: anchorFromRange(ydoc, $to.pos, $to.pos) });
    return true;
  } catch {
    // A change in flight: the person can try again.
    return false;
  }
}

/** Whether the page's caret (or selection) is inside the editor. */
function caretInEditor(editor: Editor): boolean {
  const selection = document.getSelection();
  return selection?.anchorNode != null && editor.view.dom.contains(selection.anchorNode);
}

/**
 * "Suggest insertion" for everyone who may give feedback, reviewers included:
 * their editor is read-only, yet a click still places the caret. The button
 * keeps the caret where it is (it takes no focus from the text on mouse
 * down), and Ctrl+Alt+I does the same from the text.
 */
export function SuggestInsertionButton({ editor, ydoc }: { editor: Editor; ydoc: Y.Doc }) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey && event.altKey && !event.metaKey && !event.shiftKey && event.code === 'KeyI' && caretInEditor(editor)) {
        event.preventDefault();
        startInsertion(editor, ydoc);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [editor, ydoc]);

  return (
    <button
      type="button"
      className="button quiet small"
      aria-keyshortcuts="Control+Alt+I"
      title={`Suggest text to insert at the caret (${insertionShortcut})`}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => startInsertion(editor, ydoc)}
    >
      Suggest insertion
    </button>
  );
}
