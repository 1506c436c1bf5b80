import type { Node as PmNode } from '@tiptap/pm/model';
import type { EditorState, Transaction } from '@tiptap/pm/state';

/** Positions of the image nodes still waiting for the upload `pendingId`. */
export function pendingFigurePositions(doc: PmNode, pendingId: string): number[] {
  const positions: number[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === 'image' && node.attrs.pendingUpload === pendingId) positions.push(pos);
    return !node.isLeaf;
  });
  return positions;
}

/** The waiting image's nodes get their file's address; none wait any longer. */
export function completeUpload(state: EditorState, pendingId: string, src: string): Transaction | null {
  const positions = pendingFigurePositions(state.doc, pendingId);
  if (positions.length === 0) return null;
  const tr = state.tr;
  for (const pos of positions) {
    const node = tr.doc.nodeAt(pos);
    if (node) tr.setNodeMarkup(pos, undefined, { ...node.attrs, src, pendingUpload: null });
  }
  return tr;
}

/** The waiting image's nodes are removed (its upload was refused). */
export function dropPendingFigures(state: EditorState, pendingId: string): Transaction | null {
  const positions = pendingFigurePositions(state.doc, pendingId);
  if (positions.length === 0) return null;
  const tr = state.tr;
  // From the end, so that earlier positions stay valid.
  for (const pos of positions.reverse()) {
    const node = tr.doc.nodeAt(pos);
    if (node) tr.delete(pos, pos + node.nodeSize);
  }
  return tr;
}
