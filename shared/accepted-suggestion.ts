import type { Node as ProseMirrorNode, Schema } from '@tiptap/pm/model';
import { Transform } from '@tiptap/pm/transform';
import { initProseMirrorDoc, updateYFragment } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { anchorFragmentName, type AnchorRange } from './anchors';
import { documentSchema } from './editor-schema';

/**
 * Accepting a suggestion puts its text in place of its range. This is the one
 * place that says how, and the server runs it (server/features/threads/
 * accept-suggestion.ts) on a copy of the document under a Yjs client id of the
 * suggester's, so that the words are theirs wherever credit is shown; editors
 * receive the change like anyone's typing.
 *
 * - The text is inserted as text, never parsed as HTML.
 * - Its line breaks become hard breaks.
 * - It takes the formatting of the text it replaces (of the text before it,
 *   for an insertion at a point), as typing over a selection does.
 * - An empty replacement deletes the range.
 *
 * The edit is computed as ProseMirror would make it and written into the Yjs
 * tree by y-tiptap's own diff (the one the editor binding runs on every
 * transaction), so text outside the range keeps its Yjs items and so its
 * writers. Like typing a line break in the editor, a hard break in the middle
 * of a run of text moves the rest of that run into a new Yjs text (written by
 * whoever wrote the break).
 */

/**
 * Writes `replacement` over the ProseMirror range `range` of `doc`'s editor
 * fragment, in one transaction with `origin`. Returns false, changing
 * nothing, when the range is not inside the document.
 */
export function writeAcceptedSuggestion(
  doc: Y.Doc,
  range: AnchorRange,
  replacement: string,
  options: { origin?: unknown; schema?: Schema } = {},
): boolean {
  const schema = options.schema ?? documentSchema();
  const fragment = doc.getXmlFragment(anchorFragmentName);
  const { doc: before, meta } = initProseMirrorDoc(fragment, schema);
  const { from, to } = range;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to > before.content.size) return false;
  const after = replaced(before, from, to, replacement);
  if (after.eq(before)) return true;
  doc.transact(() => updateYFragment(doc, fragment, after, meta), options.origin ?? null);
  return true;
}

/** `doc` with `from..to` replaced by the text, as ProseMirror's `insertText` (one line) or with hard breaks (several). */
function replaced(doc: ProseMirrorNode, from: number, to: number, replacement: string): ProseMirrorNode {
  const transform = new Transform(doc);
  if (replacement === '') return transform.deleteRange(from, to).doc;
  const { schema } = doc.type;
  const $from = doc.resolve(from);
  const marks = (from < to ? $from.marksAcross(doc.resolve(to)) : null) ?? $from.marks();
  const hardBreak = schema.nodes.hardBreak;
  const lines = hardBreak ? replacement.split('\n') : [replacement];
  const nodes: ProseMirrorNode[] = [];
  lines.forEach((line, index) => {
    if (index > 0) nodes.push(hardBreak!.create());
    if (line) nodes.push(schema.text(line, marks));
  });
  return transform.replaceWith(from, to, nodes).doc;
}
