import * as Y from 'yjs';

/**
 * Anchors tie a feedback thread to a range of a document without touching its
 * content: two Yjs relative positions in the editor's `default` fragment,
 * plus the quoted text and a little context around it, as Hypothesis keeps
 * quote selectors, so that a thread whose text was deleted
 * can still say what it was about.
 *
 * Positions here are ProseMirror document positions, computed from the Yjs
 * tree alone (no editor, no y-prosemirror), so the server, tests and client
 * agree: the fragment itself has no tags; an element opens (+1), holds its
 * children and closes (+1); text counts its characters; a leaf node (a hard
 * break, a rule) counts 1, as in ProseMirror. Leaves cannot be told from empty
 * elements by the Yjs tree, so their node names are given (`leafNodes`).
 */

/** The Y.XmlFragment the editor binds to (Tiptap's Collaboration `field`). */
export const anchorFragmentName = 'default';

/** Node names of the editor's leaf nodes (StarterKit's hard break and rule, images). */
export const defaultLeafNodes: ReadonlySet<string> = new Set(['hardBreak', 'horizontalRule', 'image']);

/** Characters of context kept on each side of a quote (Hypothesis keeps 32). */
export const anchorContextLength = 32;

/** Bounds on what an anchor may carry (the API refuses more). */
export const anchorLimits = {
  /** An encoded relative position is a few dozen bytes; anything longer is not one. */
  position: 200,
  quote: 2000,
  context: 200,
} as const;

/** What a thread stores about where it points. */
export interface Anchor {
  /** base64 of `Y.encodeRelativePosition`, sticking to the first character of the range. */
  start: string;
  /** base64 of `Y.encodeRelativePosition`, sticking to the last character of the range. */
  end: string;
  /** The text of the range when the thread was made (blocks joined by "\n"). */
  quote: string;
  prefix?: string;
  suffix?: string;
}

export interface AnchorOptions {
  /** The fragment anchors live in; `doc.getXmlFragment('default')` by default. */
  fragment?: Y.XmlFragment;
  /** Node names counted as ProseMirror leaves (size 1). */
  leafNodes?: ReadonlySet<string>;
}

/** A ProseMirror range: `from <= to`. */
export interface AnchorRange {
  from: number;
  to: number;
}

type Container = Y.XmlFragment | Y.XmlElement;
type Child = Y.XmlElement | Y.XmlText;

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function encodeAnchorPosition(position: Y.RelativePosition): string {
  return btoa(String.fromCharCode(...Y.encodeRelativePosition(position)));
}

/**
 * The relative position a client sent, or null when the text is not base64
 * of one: too long, not base64, undecodable, not in its canonical encoding
 * (so no trailing bytes ride along), or naming a root type other than the
 * editor's fragment.
 */
export function decodeAnchorPosition(encoded: string): Y.RelativePosition | null {
  if (encoded.length === 0 || encoded.length > anchorLimits.position || !base64Pattern.test(encoded)) return null;
  try {
    const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
    const position = Y.decodeRelativePosition(bytes);
    if (position.tname !== null && position.tname !== anchorFragmentName) return null;
    const again = Y.encodeRelativePosition(position);
    if (again.length !== bytes.length || again.some((byte, i) => byte !== bytes[i])) return null;
    return position;
  } catch {
    return null;
  }
}

/**
 * An anchor for the ProseMirror range `from..to` of the document as it is now.
 * The start sticks to the first character of the range and the end to the
 * last (`assoc` -1), so, like a comment in Google Docs, text typed at either
 * edge stays outside the range and text typed inside it stays inside.
 * The quote is cut at `anchorLimits.quote` characters (the whole range is
 * still anchored). Throws a RangeError for positions outside the document.
 */
export function anchorFromRange(doc: Y.Doc, from: number, to: number, options: AnchorOptions = {}): Required<Anchor> {
  const { fragment, leaves } = settle(doc, options);
  const size = contentSize(fragment, leaves);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to > size) {
    throw new RangeError(`The range ${from}..${to} is not inside the document (0..${size}).`);
  }
  return {
    start: encodeAnchorPosition(relativePositionAt(fragment, from, 0, leaves)),
    end: encodeAnchorPosition(relativePositionAt(fragment, to, -1, leaves)),
    quote: storable(textBetween(doc, from, to, options)).slice(0, anchorLimits.quote),
    prefix: storable(textBetween(doc, 0, from, options)).slice(-anchorContextLength),
    suffix: storable(textBetween(doc, to, size, options)).slice(0, anchorContextLength),
  };
}

/** Quotes are plain text: control characters other than line breaks and tabs are dropped. */
function storable(text: string): string {
  return text.replace(/[^\P{Cc}\n\t]/gu, '');
}

/**
 * Where an anchor points in the document as it is now, or null when the
 * thread is detached: a position does not resolve (undecodable, in a deleted
 * block, or not yet known to this replica), or the quoted text is all gone
 * (a non-empty range collapsed). An empty quote is an insertion point (a
 * suggestion to insert) and may stay empty.
 */
export function resolveAnchor(doc: Y.Doc, anchor: Pick<Anchor, 'start' | 'end' | 'quote'>, options: AnchorOptions = {}): AnchorRange | null {
  const start = decodeAnchorPosition(anchor.start);
  const end = decodeAnchorPosition(anchor.end);
  if (!start || !end) return null;
  const from = absolutePositionOf(doc, start, options);
  const to = absolutePositionOf(doc, end, options);
  if (from === null || to === null || to < from) return null;
  if (anchor.quote !== '' && from === to) return null;
  return { from, to };
}

/** The ProseMirror position of one relative position, or null when it does not resolve in the fragment. */
export function absolutePositionOf(doc: Y.Doc, position: Y.RelativePosition, options: AnchorOptions = {}): number | null {
  const { fragment, leaves } = settle(doc, options);
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute) return null;
  const { type, index } = absolute;
  if (type instanceof Y.XmlText) {
    const start = contentStart(type, fragment, leaves);
    return start === null ? null : start + Math.min(index, type.length);
  }
  if (type instanceof Y.XmlElement || type === fragment) {
    const container = type as Container;
    const start = contentStart(container, fragment, leaves);
    if (start === null) return null;
    const before = container.toArray().slice(0, index) as Child[];
    return start + before.reduce((sum, child) => sum + nodeSize(child, leaves), 0);
  }
  return null;
}

/**
 * The plain text of a ProseMirror range, for quotes: what ProseMirror's
 * `doc.textBetween(from, to, '\n', '\n')` gives for the same document (a
 * line break between blocks and for each leaf node), so client and server
 * quote alike.
 */
export function textBetween(doc: Y.Doc, from: number, to: number, options: AnchorOptions = {}): string {
  const { fragment, leaves } = settle(doc, options);
  let text = '';
  let first = true;
  const separate = () => {
    if (first) first = false;
    else text += '\n';
  };
  // Mirrors ProseMirror's Fragment.nodesBetween: `at` is where `container`'s content starts.
  const visit = (container: Container, at: number, inTextblock: boolean) => {
    let pos = at;
    for (const child of container.toArray() as Child[]) {
      if (pos >= to) break;
      const end = pos + nodeSize(child, leaves);
      if (end > from) {
        if (child instanceof Y.XmlText) {
          text += plainText(child).slice(Math.max(0, from - pos), to - pos).replaceAll(embed, '');
        } else if (leaves.has(child.nodeName)) {
          if (!inTextblock) separate();
          text += '\n';
        } else {
          const textblock = isTextblock(child, leaves);
          if (textblock) separate();
          visit(child, pos + 1, textblock);
        }
      }
      pos = end;
    }
  };
  visit(fragment, 0, false);
  return text;
}

function settle(doc: Y.Doc, options: AnchorOptions) {
  return {
    fragment: options.fragment ?? doc.getXmlFragment(anchorFragmentName),
    leaves: options.leafNodes ?? defaultLeafNodes,
  };
}

/** Stands in for an embed inside text (length 1 in Yjs), removed from quotes. */
const embed = '\uFFFC';

/** The characters of a text, without its formatting (XmlText.toString() writes formatting as tags). */
function plainText(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : embed)).join('');
}

/** ProseMirror's nodeSize of the node a Yjs child stands for. */
function nodeSize(child: Child, leaves: ReadonlySet<string>): number {
  if (child instanceof Y.XmlText) return child.length;
  if (leaves.has(child.nodeName)) return 1;
  return 2 + contentSize(child, leaves);
}

/**
 * Whether an element is a ProseMirror textblock (a paragraph, a heading):
 * one that holds only inline content. Yjs does not record the schema, so
 * this is told from the children: a block container (a list, a quote) holds
 * other blocks.
 */
function isTextblock(element: Y.XmlElement, leaves: ReadonlySet<string>): boolean {
  return (element.toArray() as Child[]).every((child) => child instanceof Y.XmlText || leaves.has(child.nodeName));
}

function contentSize(container: Container, leaves: ReadonlySet<string>): number {
  return (container.toArray() as Child[]).reduce((sum, child) => sum + nodeSize(child, leaves), 0);
}

/**
 * The position where a type's content starts, or null when the type is not
 * (or no longer) part of the fragment: deleted itself, or inside a deleted
 * element, or in another root type.
 */
function contentStart(type: Container | Y.XmlText, fragment: Y.XmlFragment, leaves: ReadonlySet<string>): number | null {
  if (type === fragment) return 0;
  const parent = type.parent;
  if (!type._item || type._item.deleted || !(parent instanceof Y.XmlElement || parent === fragment)) return null;
  const container = parent as Container;
  const parentStart = contentStart(container, fragment, leaves);
  if (parentStart === null) return null;
  let pos = parentStart;
  for (const sibling of container.toArray() as Child[]) {
    if (sibling === type) return pos + (type instanceof Y.XmlElement ? 1 : 0);
    pos += nodeSize(sibling, leaves);
  }
  return null;
}

/**
 * A relative position for ProseMirror position `pos`: inside the text at
 * that point when there is one (so it follows the characters), else between
 * the children of the element it falls in.
 */
function relativePositionAt(fragment: Y.XmlFragment, pos: number, assoc: number, leaves: ReadonlySet<string>): Y.RelativePosition {
  let container: Container = fragment;
  let offset = pos;
  descend: for (;;) {
    const children = container.toArray() as Child[];
    for (const [index, child] of children.entries()) {
      if (child instanceof Y.XmlText) {
        if (offset <= child.length) return Y.createRelativePositionFromTypeIndex(child, offset, assoc);
        offset -= child.length;
        continue;
      }
      if (offset === 0) return Y.createRelativePositionFromTypeIndex(container, index, assoc);
      const size = nodeSize(child, leaves);
      if (!leaves.has(child.nodeName) && offset < size) {
        container = child;
        offset -= 1;
        continue descend;
      }
      offset -= size;
    }
    return Y.createRelativePositionFromTypeIndex(container, children.length, assoc);
  }
}
