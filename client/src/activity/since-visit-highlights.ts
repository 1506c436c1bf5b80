import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { placedText } from '../../../shared/authorship';
import { documentTree, type DocumentView, type Piece } from '../../../shared/document-tree';
import type { InsertedRange } from '../../../shared/schemas/activity';

/**
 * "What changed since your last visit": the text others inserted
 * since then, highlighted in the live document. The server names that text
 * by Yjs item ids (`inserted` of `GET /api/docs/:docId/changes-since-last-visit`);
 * what of it is still there is found in the Y.Doc through the same document
 * tree the authorship view uses, so positions count as ProseMirror does.
 * As there, ranges are recomputed on every change that comes from Yjs and
 * just after our own typing reaches it, and mapped through our own
 * transactions in between. Decorations only: nothing is written into the document.
 */

interface SinceVisitState {
  /** Null: nothing to highlight (no changes, or the banner was dismissed). */
  ranges: ClientRanges | null;
  decorations: DecorationSet;
}

/** Inserted ranges by client id, sorted by clock, for lookups while walking items. */
type ClientRanges = ReadonlyMap<number, readonly InsertedRange[]>;

type Change = { type: 'show'; inserted: readonly InsertedRange[] | null } | { type: 'refresh' };

/** What the tint means, on hover: the tint is not the only sign (the text is underlined too, activity.css). */
const sinceVisitTitle = 'New since your last visit';

const sinceVisitKey = new PluginKey<SinceVisitState>('sinceVisit');

/** Highlights `inserted` (null: clears the highlights). */
export function showSinceVisit(editor: Editor, inserted: readonly InsertedRange[] | null): void {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(sinceVisitKey, { type: 'show', inserted } satisfies Change).setMeta('addToHistory', false));
}

function byClient(inserted: readonly InsertedRange[]): ClientRanges {
  const ranges = new Map<number, InsertedRange[]>();
  for (const range of inserted) {
    const list = ranges.get(range.client) ?? [];
    if (list.length === 0) ranges.set(range.client, list);
    list.push(range);
  }
  for (const list of ranges.values()) list.sort((a, b) => a.clock - b.clock);
  return ranges;
}

/** The document as it is now, with the characters of `ranges` marked inserted. */
function sinceVisitView(ranges: ClientRanges): DocumentView {
  return {
    pieces(item: Y.Item): readonly Piece[] {
      if (item.deleted) return [];
      const whole = [{ offset: 0, length: item.length }];
      const own = ranges.get(item.id.client);
      if (!own || !(item.content instanceof Y.ContentString)) return whole;
      const start = item.id.clock;
      const end = start + item.length;
      const pieces: Piece[] = [];
      let at = start;
      for (let index = firstEndingAfter(own, start); index < own.length && own[index]!.clock < end; index++) {
        const range = own[index]!;
        const from = Math.max(range.clock, at);
        const to = Math.min(range.clock + range.len, end);
        if (from > at) pieces.push({ offset: at - start, length: from - at });
        pieces.push({ offset: from - start, length: to - from, change: 'insert' });
        at = to;
      }
      if (at < end) pieces.push({ offset: at - start, length: end - at });
      return pieces;
    },
  };
}

/** The index of the first of `ranges` (sorted, disjoint) that ends after `clock`. */
function firstEndingAfter(ranges: readonly InsertedRange[], clock: number): number {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const range = ranges[middle]!;
    if (range.clock + range.len <= clock) low = middle + 1;
    else high = middle;
  }
  return low;
}

function compute(doc: Y.Doc, ranges: ClientRanges, pmDoc: EditorState['doc']): DecorationSet {
  const size = pmDoc.content.size;
  const decorations: Decoration[] = [];
  let last: { from: number; to: number } | null = null;
  const flush = () => {
    if (last) decorations.push(Decoration.inline(last.from, last.to, { class: 'since-visit', title: sinceVisitTitle }));
  };
  for (const { node, from, to } of placedText(documentTree(doc, { view: sinceVisitView(ranges) }))) {
    if (node.change !== 'insert' || to > size) continue;
    if (last && last.to === from) last.to = to;
    else {
      flush();
      last = { from, to };
    }
  }
  flush();
  return DecorationSet.create(pmDoc, decorations);
}

function sinceVisitPlugin(doc: Y.Doc): Plugin<SinceVisitState> {
  return new Plugin<SinceVisitState>({
    key: sinceVisitKey,
    state: {
      init: () => ({ ranges: null, decorations: DecorationSet.empty }),
      apply(tr, value, _old, next) {
        const change = tr.getMeta(sinceVisitKey) as Change | undefined;
        const fromYjs = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
        const ranges = change?.type === 'show' ? (change.inserted?.length ? byClient(change.inserted) : null) : value.ranges;
        if (!ranges) return value.ranges || change ? { ranges: null, decorations: DecorationSet.empty } : value;
        if (change || fromYjs) return { ranges, decorations: compute(doc, ranges, next.doc) };
        // Our own typing: keep the highlights in place until the Y.Doc has the change (then `refresh`).
        if (tr.docChanged) return { ranges, decorations: value.decorations.map(tr.mapping, tr.doc) };
        return value;
      },
    },
    props: {
      decorations: (state) => sinceVisitKey.getState(state)?.decorations,
    },
    view(view) {
      let queued = false;
      const onTransaction = (transaction: Y.Transaction) => {
        if (!transaction.local || transaction.changed.size === 0 || queued) return;
        if (!sinceVisitKey.getState(view.state)?.ranges) return;
        queued = true;
        queueMicrotask(() => {
          queued = false;
          if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(sinceVisitKey, { type: 'refresh' } satisfies Change).setMeta('addToHistory', false));
        });
      };
      doc.on('afterTransaction', onTransaction);
      return { destroy: () => doc.off('afterTransaction', onTransaction) };
    },
  });
}

export interface SinceVisitHighlightsOptions {
  document: Y.Doc | null;
}

export const SinceVisitHighlights = Extension.create<SinceVisitHighlightsOptions>({
  name: 'sinceVisitHighlights',
  addOptions: () => ({ document: null }),
  addProseMirrorPlugins() {
    return this.options.document ? [sinceVisitPlugin(this.options.document)] : [];
  },
});
