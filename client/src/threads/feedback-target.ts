import { NodeSelection, type EditorState } from '@tiptap/pm/state';
import { CellSelection } from '@tiptap/pm/tables';

/** What a new thread would be about: selected text, an image, or table cells. */
export type FeedbackTargetKind = 'text' | 'image' | 'cell';

export interface FeedbackTarget {
  kind: FeedbackTargetKind;
  from: number;
  to: number;
}

const cellNodes = new Set(['tableCell', 'tableHeader']);

/**
 * The range a thread started now would anchor to (shared/anchors.ts), or
 * null when there is nothing to be about:
 * - a selected image: its one position (`pos..pos+1`);
 * - selected cells: from the first cell's content to the last one's;
 * - a caret in a table cell: that cell's content, so a cell can be commented
 *   on without selecting across cells (and even when it is empty);
 * - else the selected text, when some is selected.
 */
export function feedbackTarget(state: EditorState): FeedbackTarget | null {
  const { selection } = state;
  if (selection instanceof NodeSelection && selection.node.type.name === 'image') {
    return { kind: 'image', from: selection.from, to: selection.to };
  }
  if (selection instanceof CellSelection) {
    // A cell selection's own from..to is one cell; the thread covers them all.
    const from = Math.min(...selection.ranges.map((range) => range.$from.pos));
    const to = Math.max(...selection.ranges.map((range) => range.$to.pos));
    return { kind: 'cell', from, to };
  }
  if (!selection.empty) return { kind: 'text', from: selection.from, to: selection.to };
  const { $from } = selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    if (cellNodes.has($from.node(depth).type.name)) return { kind: 'cell', from: $from.start(depth), to: $from.end(depth) };
  }
  return null;
}
