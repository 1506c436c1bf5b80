import { defaultLeafNodes } from './anchors';
import { type DocNode, isTextNode } from './document-tree';

/**
 * The authorship view (issue 5): who wrote each part of the document, as
 * ProseMirror ranges the editor can decorate with each author's colour.
 * Computed from a document tree (document-tree.ts) of the live Y.Doc, with
 * `authorOf` from `GET /api/docs/:docId/authors`; positions count as
 * ProseMirror does (anchors.ts): an element opens and closes (1 each), text
 * counts its characters, a leaf node counts 1.
 */
export interface AuthorshipRange {
  from: number;
  to: number;
  author: string | null;
}

export function authorshipRanges(nodes: readonly DocNode[], leafNodes: ReadonlySet<string> = defaultLeafNodes): AuthorshipRange[] {
  const ranges: AuthorshipRange[] = [];
  let pos = 0;
  const visit = (children: readonly DocNode[]) => {
    for (const node of children) {
      if (isTextNode(node)) {
        const from = pos;
        pos += node.text.length;
        const last = ranges.at(-1);
        if (last && last.to === from && last.author === node.author) last.to = pos;
        else ranges.push({ from, to: pos, author: node.author });
      } else if (leafNodes.has(node.type)) {
        pos += 1;
      } else {
        pos += 1;
        visit(node.content);
        pos += 1;
      }
    }
  };
  visit(nodes);
  return ranges;
}

/** Characters per author in a tree (deleted text in a comparison excluded), most first. */
export function authorShares(nodes: readonly DocNode[]): { author: string | null; characters: number }[] {
  const counts = new Map<string | null, number>();
  const visit = (children: readonly DocNode[]) => {
    for (const node of children) {
      if (!isTextNode(node)) visit(node.content);
      else if (node.change !== 'delete') counts.set(node.author, (counts.get(node.author) ?? 0) + node.text.length);
    }
  };
  visit(nodes);
  return [...counts].map(([author, characters]) => ({ author, characters })).sort((a, b) => b.characters - a.characters);
}
