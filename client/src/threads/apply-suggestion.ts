import type { Editor } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { AnchorRange } from '../../../shared/anchors';

/**
 * Puts an accepted suggestion's text in place of its range, as an ordinary
 * edit of the accepter's editor: y-tiptap turns the transaction into a Yjs
 * update, which reaches everyone and is attributed to the accepter. The text
 * is inserted as text (never parsed as HTML); its line breaks become hard
 * breaks. The inserted text takes the formatting of the text it replaces.
 * Returns false when the range is no longer inside the document.
 */
export function applySuggestion(editor: Editor, range: AnchorRange, replacement: string): boolean {
  const { state } = editor;
  if (editor.isDestroyed || range.from < 0 || range.to < range.from || range.to > state.doc.content.size) return false;
  const tr = state.tr;
  const lines = replacement.split('\n');
  const hardBreak = state.schema.nodes.hardBreak;
  if (lines.length === 1 || !hardBreak) {
    tr.insertText(replacement, range.from, range.to);
  } else {
    const marks = state.doc.resolve(range.from).marks();
    const nodes: ProseMirrorNode[] = [];
    lines.forEach((line, index) => {
      if (index > 0) nodes.push(hardBreak.create());
      if (line) nodes.push(state.schema.text(line, marks));
    });
    tr.replaceWith(range.from, range.to, nodes);
  }
  editor.view.dispatch(tr.scrollIntoView());
  return true;
}
