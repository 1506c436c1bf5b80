import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { resolveAnchor, type Anchor, type AnchorRange } from '../../../shared/anchors';
import type { ThreadKind } from '../../../shared/schemas/threads';
import { userColor } from '../../../shared/user-color';

/**
 * Feedback highlights: each thread's range is drawn with
 * ProseMirror decorations, never marks, so feedback needs no edit rights and
 * leaves the document and its history untouched. Ranges are resolved from the
 * thread anchors against the shared Y.Doc (shared/anchors.ts): again on every
 * change that comes from Yjs, and, for our own typing, mapped at once and
 * then resolved again as soon as the change is in the Y.Doc.
 *
 * The plugin state is also where the document page keeps which thread is
 * active (clicked in the text or in the panel) and the range a new thread is
 * being written about, so that the text and the panel agree.
 */

export interface HighlightedThread {
  id: string;
  kind: ThreadKind;
  anchor: Pick<Anchor, 'start' | 'end' | 'quote'>;
  /** A suggestion's proposed text, shown inline beside the struck-through range. */
  replacement: string | null;
  /** Drawn in the text (an open thread the panel lets through); others are only resolved. */
  shown: boolean;
  /** A suggestion's author: drawn in their colour and named in its label. */
  author?: { id: string; name: string };
}

/** The thread being written: its kind and where it points. */
export interface FeedbackDraft {
  kind: ThreadKind;
  anchor: Required<Anchor>;
  /** What the range is: selected text (the default), an image, or table cells. */
  target?: 'text' | 'image' | 'cell';
}

export interface ThreadHighlightsState {
  threads: readonly HighlightedThread[];
  activeId: string | null;
  /**
   * Counts the threads opened by a click or tap on their text (even the one
   * already active), so that a one-column page can open its feedback drawer
   * at each tap; choosing a thread in the panel does not count.
   */
  taps: number;
  draft: FeedbackDraft | null;
  /** Where each thread is now; null when its text is gone (detached). */
  ranges: ReadonlyMap<string, AnchorRange | null>;
  draftRange: AnchorRange | null;
  decorations: DecorationSet;
}

type Change =
  | { type: 'threads'; threads: readonly HighlightedThread[] }
  | { type: 'activate'; id: string | null; tapped?: boolean }
  | { type: 'draft'; draft: FeedbackDraft | null }
  | { type: 'resolve' };

export const threadHighlightsKey = new PluginKey<ThreadHighlightsState>('threadHighlights');

export function highlightsOf(state: EditorState): ThreadHighlightsState | undefined {
  return threadHighlightsKey.getState(state);
}

function send(editor: Editor, change: Change): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(threadHighlightsKey, change).setMeta('addToHistory', false));
}

export function setHighlightedThreads(editor: Editor, threads: readonly HighlightedThread[]): void {
  // None before and none now changes nothing, and every transaction costs a
  // pass over the whole document (the Yjs binding compares it after each):
  // 11 ms for 120 paragraphs as a document without feedback opens.
  if (threads.length === 0 && !editor.isDestroyed && (highlightsOf(editor.state)?.threads.length ?? 0) === 0) return;
  send(editor, { type: 'threads', threads });
}
export const activateThread = (editor: Editor, id: string | null) => send(editor, { type: 'activate', id });
export const setFeedbackDraft = (editor: Editor, draft: FeedbackDraft | null) => send(editor, { type: 'draft', draft });

function clamp(range: AnchorRange | null, size: number): AnchorRange | null {
  if (!range) return null;
  const from = Math.max(0, Math.min(range.from, size));
  const to = Math.max(from, Math.min(range.to, size));
  return { from, to };
}

function resolveAll(doc: Y.Doc, state: Pick<ThreadHighlightsState, 'threads' | 'draft'>, size: number) {
  const ranges = new Map<string, AnchorRange | null>();
  for (const thread of state.threads) ranges.set(thread.id, clamp(resolveAnchor(doc, thread.anchor), size));
  const draftRange = state.draft ? clamp(resolveAnchor(doc, state.draft.anchor), size) : null;
  return { ranges, draftRange };
}

function mapAll(state: ThreadHighlightsState, tr: Transaction) {
  const mapRange = (range: AnchorRange | null): AnchorRange | null => {
    if (!range) return null;
    // Text typed at either edge stays outside, as anchors do (shared/anchors.ts).
    const from = tr.mapping.map(range.from, 1);
    const to = Math.max(from, tr.mapping.map(range.to, -1));
    return { from, to };
  };
  const ranges = new Map<string, AnchorRange | null>();
  for (const [id, range] of state.ranges) ranges.set(id, mapRange(range));
  return { ranges, draftRange: mapRange(state.draftRange) };
}

/** The widget that shows a suggestion's proposed text: built with textContent, never HTML. */
function insertionWidget(thread: HighlightedThread, active: boolean): (view: EditorView) => HTMLElement {
  return () => {
    const ins = document.createElement('ins');
    ins.className = active ? 'suggestion-insertion is-active' : 'suggestion-insertion';
    ins.dataset.threadId = thread.id;
    ins.contentEditable = 'false';
    if (thread.author) {
      ins.style.setProperty('--suggestion-color', userColor(thread.author.id));
      ins.title = `Suggestion by ${thread.author.name}`;
    }
    ins.textContent = thread.replacement ?? '';
    return ins;
  };
}

/** Where a suggested insertion would go, while it is being written. */
function draftCaret(): HTMLElement {
  const mark = document.createElement('span');
  mark.className = 'thread-draft-caret';
  mark.setAttribute('aria-hidden', 'true');
  return mark;
}

/** Nodes a thread can be about that hold no text to tint: images, and table cells (perhaps empty). */
const outlinedNodes = new Set(['image', 'tableCell', 'tableHeader']);

/**
 * Outlines every image and table cell wholly inside a range (a node
 * decoration: a class on the node's own element), since an inline highlight
 * only tints text and an image or an empty cell has none.
 */
function outlineNodes(doc: EditorState['doc'], range: AnchorRange, attrs: Record<string, string>, spec?: Record<string, unknown>): Decoration[] {
  const outlines: Decoration[] = [];
  if (range.to <= range.from) return outlines;
  // A cell is covered by its content range (from just inside it), an image by its own position.
  doc.nodesBetween(Math.max(0, range.from - 1), Math.min(doc.content.size, range.to + 1), (node, pos) => {
    if (!outlinedNodes.has(node.type.name)) return true;
    const inside = node.isLeaf ? pos >= range.from && pos + node.nodeSize <= range.to : pos + 1 >= range.from && pos + node.nodeSize - 1 <= range.to;
    if (inside) outlines.push(Decoration.node(pos, pos + node.nodeSize, attrs, spec));
    return !node.isLeaf;
  });
  return outlines;
}

/**
 * Insertions at the same point are drawn in one order on every screen (the
 * order of the list: oldest first, as accepting them all writes them), all
 * before the caret there, so the text one is suggesting stays just left of
 * one's caret.
 */
function insertionSides(threads: readonly HighlightedThread[]): Map<string, number> {
  const ids = threads.filter((t) => t.kind === 'suggestion' && t.replacement).map((t) => t.id);
  return new Map(ids.map((id, index) => [id, -2 + index / (ids.length + 1)]));
}

function decorate(state: Omit<ThreadHighlightsState, 'decorations'>, doc: EditorState['doc']): DecorationSet {
  const decorations: Decoration[] = [];
  const sides = insertionSides(state.threads);
  for (const thread of state.threads) {
    const range = state.ranges.get(thread.id);
    const active = thread.id === state.activeId;
    if (!range || !thread.shown) continue;
    const activeClass = active ? ' is-active' : '';
    if (thread.kind === 'suggestion') {
      if (range.to > range.from) {
        decorations.push(
          Decoration.inline(
            range.from,
            range.to,
            {
              nodeName: 'del',
              class: `suggestion-deletion${activeClass}`,
              ...(thread.author ? { style: `--suggestion-color: ${userColor(thread.author.id)}`, title: `Suggestion by ${thread.author.name}` } : {}),
            },
            { threadId: thread.id },
          ),
        );
      }
      if (thread.replacement) {
        decorations.push(
          Decoration.widget(range.to, insertionWidget(thread, active), {
            side: sides.get(thread.id) ?? -1,
            ignoreSelection: true,
            key: `suggestion:${thread.id}:${active}:${thread.replacement}`,
            threadId: thread.id,
          }),
        );
      }
    } else if (range.to > range.from) {
      decorations.push(
        Decoration.inline(range.from, range.to, { class: `thread-highlight thread-${thread.kind}${activeClass}` }, { threadId: thread.id }),
      );
    }
    decorations.push(
      ...outlineNodes(doc, range, { class: `thread-node thread-node-${thread.kind}${activeClass}` }, { threadId: thread.id }),
    );
  }
  if (state.draftRange && state.draftRange.to > state.draftRange.from) {
    decorations.push(Decoration.inline(state.draftRange.from, state.draftRange.to, { class: 'thread-draft' }));
    decorations.push(...outlineNodes(doc, state.draftRange, { class: 'thread-node thread-node-draft' }));
  } else if (state.draftRange && state.draft?.anchor.quote === '') {
    // An insertion being suggested: mark its place, since a read-only editor shows no caret.
    decorations.push(Decoration.widget(state.draftRange.from, draftCaret, { side: -1, ignoreSelection: true, key: 'draft-caret' }));
  }
  return DecorationSet.create(doc, decorations);
}

/** The shown thread at a document position: the innermost range that holds it. */
export function threadAt(state: ThreadHighlightsState, pos: number): string | null {
  let best: { id: string; size: number } | null = null;
  for (const thread of state.threads) {
    const range = state.ranges.get(thread.id);
    if (!range || !thread.shown) continue;
    const inside = range.to > range.from ? pos >= range.from && pos <= range.to : pos === range.from;
    if (inside && (!best || range.to - range.from < best.size)) best = { id: thread.id, size: range.to - range.from };
  }
  return best?.id ?? null;
}

/** A click this soon after a touch ends is that touch's tap. */
const tapWindowMs = 800;

/** Makes the thread at `pos` (or the suggestion widget clicked) active; a click or tap on a thread counts as a tap even when it is active already. */
function activateAt(view: EditorView, pos: number, target: EventTarget | null): void {
  const state = highlightsOf(view.state);
  if (!state) return;
  const widget = target instanceof Element ? target.closest<HTMLElement>('[data-thread-id]') : null;
  const id = widget?.dataset.threadId ?? threadAt(state, pos);
  // A tap on the active thread counts again (it reopens a closed drawer); a click off every thread clears it once.
  if (id || id !== state.activeId) view.dispatch(view.state.tr.setMeta(threadHighlightsKey, { type: 'activate', id, tapped: true } satisfies Change));
}

function highlightsPlugin(doc: Y.Doc, editable: () => boolean): Plugin<ThreadHighlightsState> {
  let lastTouch = 0;
  return new Plugin<ThreadHighlightsState>({
    key: threadHighlightsKey,
    state: {
      init: (_, editorState) => ({
        threads: [],
        activeId: null,
        taps: 0,
        draft: null,
        ranges: new Map(),
        draftRange: null,
        decorations: DecorationSet.create(editorState.doc, []),
      }),
      apply(tr, value, _old, next) {
        const change = tr.getMeta(threadHighlightsKey) as Change | undefined;
        // y-tiptap replaces the whole document when Yjs changes it, which no
        // mapping survives; the Y.Doc is already up to date then.
        const fromYjs = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
        if (!change && !tr.docChanged) return value;
        let state: Omit<ThreadHighlightsState, 'decorations'> = value;
        if (change?.type === 'threads') state = { ...state, threads: change.threads };
        if (change?.type === 'activate') {
          state = { ...state, activeId: change.id, taps: change.tapped && change.id ? state.taps + 1 : state.taps };
        }
        if (change?.type === 'draft') state = { ...state, draft: change.draft };
        const size = next.doc.content.size;
        if (fromYjs || change?.type === 'threads' || change?.type === 'draft' || change?.type === 'resolve') {
          state = { ...state, ...resolveAll(doc, state, size) };
        } else if (tr.docChanged) {
          state = { ...state, ...mapAll(value, tr) };
        }
        return { ...state, decorations: decorate(state, next.doc) };
      },
    },
    props: {
      decorations: (state) => highlightsOf(state)?.decorations,
      // Reviewers read a non-editable editor: let them reach it with the keyboard too.
      attributes: (): Record<string, string> => (editable() ? {} : { tabindex: '0' }),
      handleClick(view, pos, event) {
        activateAt(view, pos, event.target);
        // The click still places the caret or starts a selection as usual.
        return false;
      },
      // ProseMirror's handleClick ignores touch: a tap selects the thread under it from the click that follows the touch.
      handleDOMEvents: {
        touchend: () => {
          lastTouch = Date.now();
          return false;
        },
        click: (view, event) => {
          if (Date.now() - lastTouch > tapWindowMs || window.getSelection()?.isCollapsed === false) return false;
          const pos = view.posAtCoords({ left: event.clientX, top: event.clientY });
          if (pos) activateAt(view, pos.pos, event.target);
          return false;
        },
      },
    },
    view(view) {
      // Our own edits reach the Y.Doc just after their transaction: resolve
      // again once they are there, in one pass per burst of changes.
      let queued = false;
      const onTransaction = (transaction: Y.Transaction) => {
        // y-tiptap opens a Yjs transaction on every view update, even one
        // that changes nothing (like ours): only real changes count.
        if (!transaction.local || transaction.changed.size === 0 || queued) return;
        queued = true;
        queueMicrotask(() => {
          queued = false;
          if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(threadHighlightsKey, { type: 'resolve' } satisfies Change));
        });
      };
      doc.on('afterTransaction', onTransaction);
      return { destroy: () => doc.off('afterTransaction', onTransaction) };
    },
  });
}

export interface ThreadHighlightsOptions {
  /** The shared document the anchors live in. */
  document: Y.Doc | null;
}

export const ThreadHighlights = Extension.create<ThreadHighlightsOptions>({
  name: 'threadHighlights',
  addOptions: () => ({ document: null }),
  addProseMirrorPlugins() {
    const editor = this.editor;
    return this.options.document ? [highlightsPlugin(this.options.document, () => editor.options.editable)] : [];
  },
});
