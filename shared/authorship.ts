import { defaultLeafNodes, type DocNode, isTextNode, type TextNode } from './document-nodes';

/**
 * The authorship view: who wrote each part of the document, as
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
  for (const { node, from, to } of placedText(nodes, leafNodes)) {
    const last = ranges.at(-1);
    if (last && last.to === from && last.author === node.author) last.to = to;
    else ranges.push({ from, to, author: node.author });
  }
  return ranges;
}

/** A text node of a tree and where it sits in the editor: `from..to` in ProseMirror positions. */
export interface PlacedText {
  node: TextNode;
  from: number;
  to: number;
}

/** The text nodes of a tree, in order, with their ProseMirror positions (the one walk every text decoration uses). */
export function placedText(nodes: readonly DocNode[], leafNodes: ReadonlySet<string> = defaultLeafNodes): PlacedText[] {
  const placed: PlacedText[] = [];
  let pos = 0;
  const visit = (children: readonly DocNode[]) => {
    for (const node of children) {
      if (isTextNode(node)) {
        placed.push({ node, from: pos, to: pos + node.text.length });
        pos += node.text.length;
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
  return placed;
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
