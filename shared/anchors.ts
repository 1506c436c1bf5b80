import * as Y from 'yjs';
import { defaultLeafNodes } from './document-nodes';

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
 * still anchored). An image (a leaf, `pos..pos+1`) is quoted as
 * `[Image: <alt>]`, and the content of an empty table cell as
 * `[Empty table cell]`, so threads on them have a quote like any other. Throws a RangeError for positions outside the document.
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
    quote: storable(quoteOf(doc, from, to, options)).slice(0, anchorLimits.quote),
    prefix: storable(textBetween(doc, 0, from, { ...options, leafText: describeLeaf })).slice(-anchorContextLength),
    suffix: storable(textBetween(doc, to, size, { ...options, leafText: describeLeaf })).slice(0, anchorContextLength),
  };
}

/** Node names of table cells: a thread may be about one (its content), even an empty one. */
const cellNodes: ReadonlySet<string> = new Set(['tableCell', 'tableHeader']);

/**
 * How a leaf reads in a quote: an image by its alt text, so that a thread on
 * a picture says which (and a comment, which needs a quote, can be about
 * one); other leaves as a line break, as ProseMirror's text does.
 */
function describeLeaf(element: Y.XmlElement): string {
  if (element.nodeName !== 'image') return '\n';
  const alt = element.getAttribute('alt');
  const text = typeof alt === 'string' ? alt.trim().replace(/\s+/g, ' ').slice(0, 200) : '';
  return text ? `[Image: ${text}]` : '[Image]';
}

/**
 * The quote of a range: its text, images described; a range that is exactly
 * the content of empty table cells (nothing to quote) says so instead, so
 * that it is still a thread about something.
 */
function quoteOf(doc: Y.Doc, from: number, to: number, options: AnchorOptions): string {
  const quote = textBetween(doc, from, to, { ...options, leafText: describeLeaf });
  if (quote !== '' || from === to) return quote;
  const { fragment, leaves } = settle(doc, options);
  return cellNodes.has(enclosingElement(fragment, from, to, leaves)?.nodeName ?? '') ? '[Empty table cell]' : quote;
}

/** The innermost element whose content holds `from..to`, or null at the top level. */
function enclosingElement(fragment: Y.XmlFragment, from: number, to: number, leaves: ReadonlySet<string>): Y.XmlElement | null {
  let container: Container = fragment;
  let start = 0;
  let found: Y.XmlElement | null = null;
  descend: for (;;) {
    let pos = start;
    for (const child of container.toArray() as Child[]) {
      const end = pos + nodeSize(child, leaves);
      if (child instanceof Y.XmlElement && !leaves.has(child.nodeName) && from >= pos + 1 && to <= end - 1) {
        found = child;
        container = child;
        start = pos + 1;
        continue descend;
      }
      if (end > from) break;
      pos = end;
    }
    return found;
  }
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
  if (from === null || to === null) return null;
  // Text typed at an insertion point (another suggestion there accepted) goes between its two ends: the point stays just after the text before it.
  if (to < from) return anchor.quote === '' ? { from: to, to } : null;
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
export function textBetween(
  doc: Y.Doc,
  from: number,
  to: number,
  options: AnchorOptions & { leafText?: (element: Y.XmlElement) => string } = {},
): string {
  const { fragment, leaves } = settle(doc, options);
  const leafText = options.leafText ?? (() => '\n');
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
          text += leafText(child);
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
