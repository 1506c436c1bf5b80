import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { ReplaceAroundStep, ReplaceStep } from '@tiptap/pm/transform';

/**
 * What one of the writer's own transactions would do to the text, read as a
 * suggestion: the range `from..to` of the document before it, replaced by
 * `text` (plain text; a new block or a hard break is a line break). In
 * Suggesting mode the transaction itself is never applied: this is all that
 * is kept of it. Typing gives an empty range and some text, Backspace and
 * Delete a range and no text, typing or pasting over a selection both.
 */
export interface SuggestedEdit {
  from: number;
  to: number;
  text: string;
}

/** Leaves read as text: a hard break is a line break; an image or a rule is nothing. */
const leafText = (node: ProseMirrorNode) => (node.type.name === 'hardBreak' ? '\n' : '');

/**
 * The edit a transaction makes, or null when it changes no text (formatting,
 * a selection). One replace step (nearly every keystroke) is read exactly;
 * several (a paste that splits blocks, an input rule) are read as the
 * smallest range of the document that differs.
 */
export function suggestedEditOf(tr: Transaction): SuggestedEdit | null {
  if (!tr.docChanged) return null;
  const replaces = tr.steps.filter((step) => step instanceof ReplaceStep || step instanceof ReplaceAroundStep);
  if (replaces.length === 0) return null;
  if (tr.steps.length === 1 && tr.steps[0] instanceof ReplaceStep) {
    const step = tr.steps[0] as ReplaceStep;
    const { content } = step.slice;
    return { from: step.from, to: step.to, text: content.textBetween(0, content.size, '\n', leafText) };
  }
  return diffOf(tr.before, tr.doc);
}

function diffOf(before: ProseMirrorNode, after: ProseMirrorNode): SuggestedEdit | null {
  const start = before.content.findDiffStart(after.content);
  if (start === null) return null;
  const end = before.content.findDiffEnd(after.content) ?? { a: before.content.size, b: after.content.size };
  // findDiffEnd may overlap the start when the change repeats its neighbour ("l" typed after "l").
  const overlap = Math.max(0, start - Math.min(end.a, end.b));
  const endA = end.a + overlap;
  const endB = end.b + overlap;
  return { from: start, to: endA, text: after.textBetween(start, endB, '\n', leafText) };
}
