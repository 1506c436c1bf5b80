/**
 * The nodes of a document tree (document-tree.ts reads one from a Y.Doc),
 * shaped like ProseMirror's JSON, and what can be read from a tree alone.
 * No Yjs here: the browser's history views render trees the server sends,
 * and importing this costs them no Yjs.
 */

/** Node names of the editor's leaf nodes (StarterKit's hard break and rule, images). */
export const defaultLeafNodes: ReadonlySet<string> = new Set(['hardBreak', 'horizontalRule', 'image']);

export type Change = 'insert' | 'delete';

export interface Mark {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface TextNode {
  type: 'text';
  text: string;
  marks?: Mark[];
  /** The user who wrote it (null when the client id has no known owner). */
  author: string | null;
  change?: Change;
  /** Who deleted it, in a comparison, when known. */
  deletedBy?: string;
}

export interface ElementNode {
  type: string;
  attrs?: Record<string, unknown>;
  content: DocNode[];
  change?: Change;
}

export type DocNode = TextNode | ElementNode;

export function isTextNode(node: DocNode): node is TextNode {
  return node.type === 'text' && 'text' in node;
}

/**
 * The plain text of a tree: a line per textblock, as ProseMirror's
 * `textBetween(0, size, '\n', '\n')` and thread quotes (anchors.ts) give it.
 */
export function treeText(nodes: readonly DocNode[], leafNodes: ReadonlySet<string> = defaultLeafNodes): string {
  const lines: string[] = [];
  const visit = (children: readonly DocNode[]) => {
    for (const node of children) {
      if (isTextNode(node)) continue;
      if (leafNodes.has(node.type)) {
        lines.push('');
      } else if (isTextblock(node, leafNodes)) {
        lines.push(inlineText(node.content, leafNodes));
      } else {
        visit(node.content);
      }
    }
  };
  visit(nodes);
  return lines.join('\n');
}

/** Whether an element holds only inline content (text and leaves): a paragraph, a heading. */
export function isTextblock(node: ElementNode, leafNodes: ReadonlySet<string> = defaultLeafNodes): boolean {
  return node.content.every((child) => isTextNode(child) || leafNodes.has(child.type));
}

function inlineText(children: readonly DocNode[], leafNodes: ReadonlySet<string>): string {
  return children.map((child) => (isTextNode(child) ? child.text : leafNodes.has(child.type) ? '\n' : '')).join('');
}
