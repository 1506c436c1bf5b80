import { CommentRangeEnd, CommentRangeStart, CommentReference, ExternalHyperlink, type ParagraphChild, TextRun } from 'docx';
import { type DocNode, isTextNode, type Mark } from '../../../shared/document-nodes';
import type { ExportComment } from './export-comments';
import { exportHref } from './export-links';

/**
 * The inline content of a Word paragraph: text runs with their marks, links
 * (safe addresses only), hard breaks, and where feedback comments start and
 * end. ProseMirror positions are counted over the tree as ProseMirror counts
 * them (an element opens and closes with 1 each, text by its characters, a
 * leaf is 1), so a comment's range from shared/anchors.ts falls on the same
 * characters here.
 */

/** The size of a node in ProseMirror positions. */
export function nodeSize(node: DocNode, leaves: ReadonlySet<string>): number {
  if (isTextNode(node)) return node.text.length;
  if (leaves.has(node.type)) return 1;
  let size = 2;
  for (const child of node.content) size += nodeSize(child, leaves);
  return size;
}

interface Boundary {
  at: number;
  id: number;
  start: boolean;
  rank: number;
}

/**
 * Where comments start and end, in document order. Each is written once, at
 * the first place inline content reaches its position: a range that begins
 * between two blocks starts at the beginning of the next paragraph.
 */
export class CommentMarkers {
  readonly #boundaries: Boundary[];
  #next = 0;

  constructor(comments: readonly ExportComment[]) {
    // At one position: ranges ending there close first, then ranges start, then empty ranges (an insertion point) close.
    const rank = (boundary: Boundary, comment: ExportComment) => (boundary.start ? 1 : comment.from === comment.to ? 2 : 0);
    this.#boundaries = comments
      .flatMap((comment, id) => [
        { at: comment.from, id, start: true, rank: 0 },
        { at: comment.to, id, start: false, rank: 0 },
      ].map((boundary) => ({ ...boundary, rank: rank(boundary, comment) })))
      .sort((a, b) => a.at - b.at || a.rank - b.rank || a.id - b.id);
  }

  /** The markers of every boundary at or before `position` not written yet. */
  upTo(position: number): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    for (; this.#next < this.#boundaries.length; this.#next++) {
      const boundary = this.#boundaries[this.#next]!;
      if (boundary.at > position) break;
      if (boundary.start) out.push(new CommentRangeStart(boundary.id));
      else out.push(new CommentRangeEnd(boundary.id), new TextRun({ children: [new CommentReference(boundary.id)] }));
    }
    return out;
  }

  /** The position of the next boundary not written yet (Infinity when none). */
  nextAt(): number {
    return this.#boundaries[this.#next]?.at ?? Infinity;
  }

  /** Whether boundaries are left (written at the end of the document). */
  get pending(): boolean {
    return this.#next < this.#boundaries.length;
  }
}

export const monospace = 'Courier New';

/** Text runs for the inline children of a textblock whose content starts at `start`. */
export function inlineRuns(children: readonly DocNode[], start: number, markers: CommentMarkers, leaves: ReadonlySet<string>): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  let pos = start;
  for (const node of children) {
    if (isTextNode(node)) {
      let offset = 0;
      while (offset < node.text.length) {
        out.push(...markers.upTo(pos + offset));
        const end = Math.min(node.text.length, markers.nextAt() - pos);
        out.push(textRun(node.text.slice(offset, end), node.marks ?? []));
        offset = end;
      }
      pos += node.text.length;
      continue;
    }
    out.push(...markers.upTo(pos));
    if (node.type === 'hardBreak') out.push(new TextRun({ break: 1 }));
    pos += nodeSize(node, leaves);
  }
  out.push(...markers.upTo(pos));
  return out;
}

/** One run of text with its marks; a link mark with a safe address makes it a hyperlink. */
function textRun(text: string, marks: readonly Mark[]): ParagraphChild {
  const has = (type: string) => marks.some((mark) => mark.type === type);
  const run = new TextRun({
    text,
    bold: has('bold'),
    italics: has('italic'),
    strike: has('strike'),
    ...(has('underline') ? { underline: {} } : {}),
    ...(has('code') ? { font: monospace } : {}),
    ...(has('superscript') ? { superScript: true } : {}),
    ...(has('subscript') ? { subScript: true } : {}),
    ...(has('highlight') ? { highlight: 'yellow' } : {}),
    ...(has('link') ? { style: 'Hyperlink' } : {}),
  });
  const href = exportHref(marks.find((mark) => mark.type === 'link')?.attrs?.href);
  return href ? new ExternalHyperlink({ link: href, children: [run] }) : run;
}
