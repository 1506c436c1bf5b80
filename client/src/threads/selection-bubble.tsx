import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { anchorFromRange } from '../../../shared/anchors';
import type { ThreadKind } from '../../../shared/schemas/threads';
import type * as Y from 'yjs';
import { feedbackTarget, type FeedbackTargetKind } from './feedback-target';
import { setFeedbackDraft } from './thread-highlights';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
/** Ctrl+Alt+M comments on the selection, as in most word processors. */
const commentShortcut = isMac ? '⌘⌥M' : 'Ctrl+Alt+M';

/**
 * Starts a thread about the selection (text, an image, table cells, or the
 * cell the caret is in; feedback-target.ts): makes its anchor now (so later
 * edits do not move what it is about) and hands it to the panel's form.
 * Returns false when there is nothing to anchor to.
 */
export function startFeedback(editor: Editor, ydoc: Y.Doc, kind: ThreadKind): boolean {
  const target = feedbackTarget(editor.state);
  if (!target) return false;
  try {
    setFeedbackDraft(editor, { kind, anchor: anchorFromRange(ydoc, target.from, target.to), target: target.kind });
    return true;
  } catch {
    // The editor and the Y.Doc disagree for a moment (a change in flight): the person can try again.
    return false;
  }
}

/** Whether the page's selection is a range inside the editor (rather than in the panel, or nowhere). */
function selectionInEditor(editor: Editor): boolean {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || !selection.anchorNode || !selection.focusNode) return false;
  const root = editor.view.dom;
  return root.contains(selection.anchorNode) && root.contains(selection.focusNode);
}

/**
 * "Comment · Annotate · Suggest" above the selected text, for everyone who may
 * give feedback, reviewers included: their editor is read-only, but they can
 * still select. It follows the editor in the tab order (so Tab from a
 * selection reaches it) and Ctrl+Alt+M comments without it.
 */
export function SelectionBubble({ editor, ydoc }: { editor: Editor; ydoc: Y.Doc }) {
  const bubble = useRef<HTMLDivElement>(null);
  const selection = useEditorState({
    editor,
    selector: ({ editor: e }): { from: number; to: number; kind: FeedbackTargetKind | null; focused: boolean } => {
      const target = feedbackTarget(e.state);
      return { from: target?.from ?? 0, to: target?.to ?? 0, kind: target?.kind ?? null, focused: e.view.hasFocus() };
    },
    equalityFn: (a, b) => !!b && a.from === b.from && a.to === b.to && a.kind === b.kind && a.focused === b.focused,
  });
  const [inEditor, setInEditor] = useState(false);
  const [hasFocus, setHasFocus] = useState(false);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  // Selected text shows the bubble while the page's selection is in the text;
  // an image, selected cells or a caret in a cell have no such selection, so
  // the editor's focus stands in for it.
  const visible = selection.kind !== null && (hasFocus || inEditor || (selection.kind !== 'text' && selection.focused));
  const about = selection.kind === 'image' ? 'the selected image' : selection.kind === 'cell' ? 'the table cell' : 'the selected text';
  const noun = selection.kind === 'image' ? ' on image' : selection.kind === 'cell' ? ' on cell' : '';

  useEffect(() => {
    const onSelectionChange = () => setInEditor(selectionInEditor(editor));
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.altKey && event.code === 'KeyM' && (selectionInEditor(editor) || editor.view.hasFocus())) {
        event.preventDefault();
        startFeedback(editor, ydoc, 'comment');
      }
    };
    document.addEventListener('selectionchange', onSelectionChange);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('selectionchange', onSelectionChange);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [editor, ydoc]);

  // Above the selection's first line, or below its last when there is no room above.
  // Nothing is measured while hidden: reading offsetParent lays out the whole
  // page, which as the document opens cost its first commit 17 ms.
  useLayoutEffect(() => {
    if (!visible || editor.isDestroyed) return;
    const element = bubble.current;
    const frame = element?.offsetParent;
    if (!element || !frame) return;
    const box = frame.getBoundingClientRect();
    const start = editor.view.coordsAtPos(selection.from, 1);
    const end = editor.view.coordsAtPos(selection.to, -1);
    const above = start.top - box.top - element.offsetHeight - 8;
    const top = above >= 0 ? above : end.bottom - box.top + 8;
    const left = Math.max(8, Math.min(start.left - box.left, box.width - element.offsetWidth - 8));
    setPosition((current) => (current?.top === top && current.left === left ? current : { top, left }));
  }, [visible, selection.from, selection.to, editor]);

  const start = (kind: ThreadKind) => startFeedback(editor, ydoc, kind);

  return (
    <div
      ref={bubble}
      className="selection-bubble"
      role="toolbar"
      aria-label={`Feedback on ${about}`}
      hidden={!visible}
      style={position ? { top: position.top, left: position.left } : undefined}
      onFocus={() => setHasFocus(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setHasFocus(false);
      }}
      // Keep the selection while a button is pressed.
      onMouseDown={(event) => event.preventDefault()}
    >
      <button type="button" className="bubble-button" aria-keyshortcuts={isMac ? 'Meta+Alt+M' : 'Control+Alt+M'} title={`Comment (${commentShortcut})`} onClick={() => start('comment')}>
        Comment{noun}
      </button>
      <button type="button" className="bubble-button" onClick={() => start('annotation')}>
        Annotate{noun}
      </button>
      <button type="button" className="bubble-button" onClick={() => start('suggestion')}>
        Suggest
      </button>
    </div>
  );
}
