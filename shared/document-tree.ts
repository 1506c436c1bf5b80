import * as Y from 'yjs';
import { anchorFragmentName } from './anchors';
import { type Change, type DocNode, type ElementNode, isTextNode, type Mark, type TextNode } from './document-nodes';

/**
 * A document's content as a tree shaped like ProseMirror's JSON
 * (`{type, attrs, content}` and `{type: 'text', text, marks}`), read from
 * the editor's Yjs fragment item by item, so that every piece of text also
 * says who wrote it (the owner of its Yjs client id) and, in a comparison,
 * whether it was inserted or deleted. Version views, compare, the
 * authorship view and export all render this one tree, on the server or in
 * the browser.
 *
 * How Tiptap (y-prosemirror) stores a document in Yjs: the `default`
 * XmlFragment holds an XmlElement per block (its node name, its attributes
 * as XML attributes); a textblock holds XmlText, whose formatting attributes
 * are the marks (key: the mark's name, possibly `name--hash` for marks that
 * may overlap; value: the mark's attrs); inline nodes such as a hard break
 * are XmlElements among the XmlText.
 */

/** Part of one Yjs item that a view shows: characters `offset..offset+length` of a text item, or a whole element (0, 1). */
export interface Piece {
  offset: number;
  length: number;
  change?: Change;
  deletedBy?: string;
}

/** Which parts of which items appear: the document as it is, or a comparison of two moments. */
export interface DocumentView {
  pieces(item: Y.Item): readonly Piece[];
}

/** The document as its Y.Doc holds it now: what is not deleted. */
export const currentView: DocumentView = {
  pieces: (item) => (item.deleted ? [] : [{ offset: 0, length: item.length }]),
};

export interface TreeOptions {
  view?: DocumentView;
  /** The user who owns a Yjs client id. */
  authorOf?: (client: number) => string | null;
}

/** The tree of the editor's fragment (`default`) of `doc`. */
export function documentTree(doc: Y.Doc, options: TreeOptions = {}): DocNode[] {
  return childrenOf(doc.getXmlFragment(anchorFragmentName), {
    view: options.view ?? currentView,
    authorOf: options.authorOf ?? (() => null),
  });
}

type Settled = Required<TreeOptions>;

/** Children of an element or the fragment, in order, deleted ones included when the view shows them. */
function childrenOf(container: Y.XmlFragment | Y.XmlElement, options: Settled): DocNode[] {
  const nodes: DocNode[] = [];
  for (let item = container._start; item !== null; item = item.right) {
    if (!(item.content instanceof Y.ContentType)) continue;
    const shown = options.view.pieces(item)[0];
    if (!shown) continue;
    const type = item.content.type;
    if (type instanceof Y.XmlElement) {
      const attrs = type.getAttributes();
      const node: ElementNode = { type: type.nodeName, content: childrenOf(type, options) };
      if (Object.keys(attrs).length > 0) node.attrs = attrs;
      if (shown.change) node.change = shown.change;
      nodes.push(node);
    } else if (type instanceof Y.XmlText) {
      for (const node of textOf(type, options)) push(nodes, node);
    }
  }
  return nodes;
}

/** The text nodes of an XmlText, following its formatting items as Y.Text does. */
function textOf(text: Y.XmlText, options: Settled): TextNode[] {
  const nodes: TextNode[] = [];
  const attributes = new Map<string, unknown>();
  for (let item = text._start; item !== null; item = item.right) {
    const { content } = item;
    if (content instanceof Y.ContentFormat) {
      // Formatting as the view's newer side has it: a format only the older side had is not applied.
      if (options.view.pieces(item).some((piece) => piece.change !== 'delete')) {
        if (content.value === null) attributes.delete(content.key);
        else attributes.set(content.key, content.value);
      }
      continue;
    }
    if (!(content instanceof Y.ContentString)) continue;
    const marks = marksOf(attributes);
    for (const piece of options.view.pieces(item)) {
      const node: TextNode = {
        type: 'text',
        text: content.str.slice(piece.offset, piece.offset + piece.length),
        author: options.authorOf(item.id.client),
      };
      if (marks.length > 0) node.marks = marks;
      if (piece.change) node.change = piece.change;
      if (piece.deletedBy) node.deletedBy = piece.deletedBy;
      push(nodes, node);
    }
  }
  return nodes;
}

function marksOf(attributes: ReadonlyMap<string, unknown>): Mark[] {
  const marks: Mark[] = [];
  for (const [key, value] of attributes) {
    const mark: Mark = { type: key.replace(/--[^-]*$/, '') };
    if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
      mark.attrs = value as Record<string, unknown>;
    }
    marks.push(mark);
  }
  return marks;
}

/** Appends a node, merging text into the previous text node when only the text differs. */
function push(nodes: DocNode[], node: DocNode): void {
  if (isTextNode(node)) {
    if (node.text === '') return;
    const last = nodes.at(-1);
    if (last && isTextNode(last) && sameStyle(last, node)) {
      last.text += node.text;
      return;
    }
  }
  nodes.push(node);
}

function sameStyle(a: TextNode, b: TextNode): boolean {
  return (
    a.author === b.author &&
    a.change === b.change &&
    a.deletedBy === b.deletedBy &&
    JSON.stringify(a.marks) === JSON.stringify(b.marks)
  );
}
