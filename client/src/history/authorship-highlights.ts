import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { authorShares, authorshipRanges } from '../../../shared/authorship';
import { documentTree } from '../../../shared/document-tree';
import { unknownAuthorColor } from './author-colors';

/**
 * The authorship view: the live document tinted by who wrote each
 * part. Who wrote a character is the owner of its Yjs item's client id
 * (`GET /api/docs/:docId/authors`); the ranges come from the shared Y.Doc
 * through the same document tree the server uses (shared/authorship.ts), as
 * ProseMirror decorations: nothing is written into the document. Like the
 * feedback highlights, ranges are recomputed from the Y.Doc on every change
 * that comes from Yjs and just after our own typing reaches it, and mapped
 * through our own transactions in between.
 */

export interface AuthorshipSettings {
  enabled: boolean;
  /** Client id -> user id, from the server. */
  owners: ReadonlyMap<number, string>;
  /** The reader: their own client id is theirs before the server has seen it. */
  self: string | null;
  colors: ReadonlyMap<string, string>;
  /** User id -> name: each tinted run carries its author's name, shown on hover (title). */
  names?: ReadonlyMap<string, string>;
  /** Called with client ids that have text here but no known owner yet (someone new joined). */
  onUnknownClients?: (clients: number[]) => void;
}

export interface AuthorshipState {
  settings: AuthorshipSettings;
  /** Characters per author in the document now, most first (null: unknown author). */
  shares: { author: string | null; characters: number }[];
  decorations: DecorationSet;
}

type Change = { type: 'settings'; settings: AuthorshipSettings } | { type: 'refresh' };

export const authorshipKey = new PluginKey<AuthorshipState>('authorship');

export function authorshipOf(state: EditorState): AuthorshipState | undefined {
  return authorshipKey.getState(state);
}

export function setAuthorship(editor: Editor, settings: AuthorshipSettings): void {
  if (editor.isDestroyed) return;
  // Off before and off now changes nothing, and every transaction costs the
  // Yjs binding a pass over the whole document: 3-5 ms as a document opens.
  if (!settings.enabled && !authorshipOf(editor.state)?.settings.enabled) return;
  editor.view.dispatch(editor.state.tr.setMeta(authorshipKey, { type: 'settings', settings } satisfies Change).setMeta('addToHistory', false));
}

/**
 * Who wrote the text just before the caret (or at it, at the start of a run),
 * while the view is on: undefined when it is off or the caret is on no tinted
 * text, null for an unknown author. The keyboard's answer to hovering a run.
 */
export function authorAtCaret(state: EditorState): string | null | undefined {
  const authorship = authorshipOf(state);
  if (!authorship?.settings.enabled) return undefined;
  const pos = state.selection.head;
  const found = authorship.decorations.find(Math.max(0, pos - 1), pos);
  const before = found.find((decoration) => decoration.from < pos) ?? found[0];
  return before ? (before.spec as { author: string | null }).author : undefined;
}

const off: AuthorshipSettings = { enabled: false, owners: new Map(), self: null, colors: new Map() };

/** The name a tinted run shows on hover, as the history page's text does. */
function authorName(author: string | null, settings: AuthorshipSettings): string {
  return (author && settings.names?.get(author)) || 'Unknown author';
}

function compute(doc: Y.Doc, settings: AuthorshipSettings, pmDoc: EditorState['doc']): Omit<AuthorshipState, 'settings'> {
  if (!settings.enabled) return { shares: [], decorations: DecorationSet.empty };
  const unknown = new Set<number>();
  const tree = documentTree(doc, {
    authorOf: (client) => {
      const owner = settings.owners.get(client) ?? (client === doc.clientID ? settings.self : null);
      if (owner === null) unknown.add(client);
      return owner ?? null;
    },
  });
  if (unknown.size > 0) settings.onUnknownClients?.([...unknown]);
  const size = pmDoc.content.size;
  const decorations: Decoration[] = [];
  for (const range of authorshipRanges(tree)) {
    const from = Math.min(range.from, size);
    const to = Math.min(range.to, size);
    if (to <= from) continue;
    const color = (range.author && settings.colors.get(range.author)) || unknownAuthorColor;
    decorations.push(
      Decoration.inline(
        from,
        to,
        {
          class: range.author ? 'authored' : 'authored authored-unknown',
          style: `--author-color: ${color}`,
          'data-author-id': range.author ?? '',
          title: authorName(range.author, settings),
        },
        { author: range.author },
      ),
    );
  }
  return { shares: authorShares(tree), decorations: DecorationSet.create(pmDoc, decorations) };
}

function authorshipPlugin(doc: Y.Doc): Plugin<AuthorshipState> {
  return new Plugin<AuthorshipState>({
    key: authorshipKey,
    state: {
      init: () => ({ settings: off, shares: [], decorations: DecorationSet.empty }),
      apply(tr, value, _old, next) {
        const change = tr.getMeta(authorshipKey) as Change | undefined;
        const fromYjs = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
        const settings = change?.type === 'settings' ? change.settings : value.settings;
        if (!settings.enabled) return value.settings.enabled || change ? { settings, shares: [], decorations: DecorationSet.empty } : value;
        if (change || fromYjs) return { settings, ...compute(doc, settings, next.doc) };
        // Our own typing: keep the tints in place until the Y.Doc has the change (then `refresh`).
        if (tr.docChanged) return { ...value, decorations: value.decorations.map(tr.mapping, tr.doc) };
        return value;
      },
    },
    props: {
      decorations: (state) => authorshipOf(state)?.decorations,
    },
    view(view) {
      let queued = false;
      const onTransaction = (transaction: Y.Transaction) => {
        if (!transaction.local || transaction.changed.size === 0 || queued) return;
        if (!authorshipOf(view.state)?.settings.enabled) return;
        queued = true;
        queueMicrotask(() => {
          queued = false;
          if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(authorshipKey, { type: 'refresh' } satisfies Change).setMeta('addToHistory', false));
        });
      };
      doc.on('afterTransaction', onTransaction);
      return { destroy: () => doc.off('afterTransaction', onTransaction) };
    },
  });
}

export interface AuthorshipHighlightsOptions {
  document: Y.Doc | null;
}

export const AuthorshipHighlights = Extension.create<AuthorshipHighlightsOptions>({
  name: 'authorshipHighlights',
  addOptions: () => ({ document: null }),
  addProseMirrorPlugins() {
    return this.options.document ? [authorshipPlugin(this.options.document)] : [];
  },
});
