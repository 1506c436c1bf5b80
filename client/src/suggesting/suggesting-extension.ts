import { Extension } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import { Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type * as Y from 'yjs';
import type { DraftBook, SuggestionDraft } from './draft-book';
import { suggestedEditOf } from './suggested-edit';

/**
 * Suggesting mode in the editor. While it is on, the writer's own
 * document-changing transactions never reach the document (so never the
 * shared Y.Doc): each is read as an edit (suggested-edit.ts) and handed to
 * the draft book (draft-book.ts), which turns it into a suggestion draft, and
 * the caret goes where the book says. Changes from Yjs (others' typing, the
 * document loading, an accepted suggestion) pass through untouched.
 *
 * Drafts not yet threads are drawn here, inline, like a suggestion thread
 * (thread-highlights.ts): proposed text underlined, text to delete struck
 * through, in the writer's colour, with a label saying whose suggestion it is
 * and whether it still waits to be sent. Once a draft is a thread, the
 * thread's own highlight draws it.
 *
 * Mod-Z and Shift-Mod-Z / Mod-Y take back the last suggestion step instead of
 * the editor's undo (which would undo the writer's earlier own typing).
 */

export interface ShownDraft {
  draft: SuggestionDraft;
  /** Could not be sent yet (offline): kept in the browser and sent on reconnect. */
  waiting: boolean;
}

export interface SuggestingOptions {
  document: Y.Doc | null;
  book: DraftBook | null;
  /** Whether Suggesting mode is on now. */
  active: () => boolean;
  /** The drafts this editor draws itself (those not yet threads). */
  shown: () => readonly ShownDraft[];
  author: { name: string; color: string };
}

export const suggestingKey = new PluginKey<DecorationSet>('suggesting');

/** Asks the editor to draw the drafts again (the book or what is shown changed). */
export function redrawDrafts(view: { dispatch: (tr: import('@tiptap/pm/state').Transaction) => void; state: import('@tiptap/pm/state').EditorState; isDestroyed?: boolean }): void {
  if (view.isDestroyed) return;
  view.dispatch(view.state.tr.setMeta(suggestingKey, 'redraw').setMeta('addToHistory', false));
}

function label(author: SuggestingOptions['author'], draft: SuggestionDraft, waiting: boolean): string {
  const what = draft.anchor.quote && draft.replacement ? 'replace with' : draft.replacement ? 'insert' : 'delete';
  return `Suggestion by ${author.name} (${what})${waiting ? ', waiting to be sent' : ''}`;
}

function decorations(options: SuggestingOptions, doc: import('@tiptap/pm/model').Node): DecorationSet {
  const { document: ydoc, book } = options;
  if (!ydoc || !book) return DecorationSet.empty;
  const found: Decoration[] = [];
  for (const { draft, waiting } of options.shown()) {
    const range = book.rangeOf(ydoc, draft);
    if (!range || range.to > doc.content.size) continue;
    const state = waiting ? ' is-waiting' : '';
    const style = `--suggestion-color: ${options.author.color}`;
    const title = label(options.author, draft, waiting);
    if (range.to > range.from) {
      found.push(
        Decoration.inline(range.from, range.to, { nodeName: 'del', class: `suggestion-deletion suggestion-draft${state}`, style, title }),
      );
    }
    if (draft.replacement) {
      found.push(
        Decoration.widget(
          range.to,
          () => {
            const ins = document.createElement('ins');
            ins.className = `suggestion-insertion suggestion-draft${state}`;
            ins.dataset.draftKey = draft.key;
            ins.contentEditable = 'false';
            ins.style.setProperty('--suggestion-color', options.author.color);
            ins.title = title;
            ins.setAttribute('aria-label', `${title}: ${draft.replacement}`);
            ins.textContent = draft.replacement;
            return ins;
          },
          // Before the caret (which stays at the draft's end), after any thread's insertion there.
          { side: -0.5, ignoreSelection: true, key: `draft:${draft.key}:${waiting}:${draft.replacement}` },
        ),
      );
    }
  }
  return DecorationSet.create(doc, found);
}

export const Suggesting = Extension.create<SuggestingOptions>({
  name: 'suggesting',
  // Before the editor's own undo keymap (Collaboration's).
  priority: 1000,
  addOptions: () => ({ document: null, book: null, active: () => false, shown: () => [], author: { name: 'You', color: '#555555' } }),

  dispatchTransaction({ transaction, next }) {
    const { document: ydoc, book, active } = this.options;
    if (!ydoc || !book || !active() || !transaction.docChanged || isChangeOrigin(transaction)) {
      next(transaction);
      return;
    }
    const state = this.editor.state;
    const edit = suggestedEditOf(transaction);
    const step = edit ? book.apply(ydoc, edit, state.selection.head) : null;
    // The document stays as it is; only the caret moves (and the drafts are drawn again).
    const tr = state.tr.setMeta(suggestingKey, 'redraw').setMeta('addToHistory', false);
    if (step) tr.setSelection(TextSelection.create(state.doc, Math.min(step.caret, state.doc.content.size)));
    next(tr);
  },

  addKeyboardShortcuts() {
    const undo = () => {
      const { book, active } = this.options;
      if (!book || !active()) return false;
      // Nothing left to take back is still Suggesting mode: never fall through to the editor's undo.
      if (book.undo()) redrawDrafts(this.editor.view);
      return true;
    };
    const redo = () => this.options.active();
    return { 'Mod-z': undo, 'Mod-y': redo, 'Shift-Mod-z': redo };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    const editor = this.editor;
    return [
      new Plugin<DecorationSet>({
        key: suggestingKey,
        state: {
          init: (_, state) => decorations(options, state.doc),
          apply: (tr, value, _old, state) => (tr.docChanged || tr.getMeta(suggestingKey) ? decorations(options, state.doc) : value),
        },
        props: {
          decorations: (state) => suggestingKey.getState(state),
          // Whether the text takes input follows the mode (Viewing, or Suggesting for a reviewer).
          attributes: (): Record<string, string> => ({ 'aria-readonly': String(!editor.isEditable) }),
        },
        view(view) {
          const stop = options.book?.subscribe(() => queueMicrotask(() => redrawDrafts(view))) ?? (() => undefined);
          return { destroy: stop };
        },
      }),
    ];
  },
});
