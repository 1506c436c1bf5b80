import type * as Y from 'yjs';
import { anchorFromRange, resolveAnchor, type Anchor, type AnchorRange } from '../../../shared/anchors';
import type { SuggestedEdit } from './suggested-edit';

/**
 * The writer's own suggestions being made in Suggesting mode, before and
 * while they become threads. A draft is what a suggestion thread is: an
 * anchor (Yjs relative positions, so it stays valid through others' edits,
 * a reload and time offline) and the text proposed for it.
 *
 * Each edit of the writer (suggested-edit.ts) either continues a draft or
 * starts one:
 * - typing at the end of a draft's proposed text appends to it;
 * - Backspace at the end of a draft with proposed text shortens that text
 *   (and a draft left proposing nothing and deleting nothing is gone);
 * - Backspace just before a deletion, or Delete just after one, extends it;
 * - an edit inside a range already struck through only moves the caret;
 * - anything else starts a new draft: an insertion at a point, a deletion,
 *   or a replacement of a selection.
 * Every change keeps the drafts as they were before it, for undo.
 */

export interface SuggestionDraft {
  /** Local, until the thread exists and after. */
  key: string;
  anchor: Required<Anchor>;
  replacement: string;
}

/** Where the caret goes after an edit was taken as a suggestion. */
export interface DraftStep {
  caret: number;
}

let counter = 0;
const newKey = () => `draft-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** Undo keeps at most this many steps. */
const undoDepth = 200;

export class DraftBook {
  #drafts: readonly SuggestionDraft[];
  #current: string | null = null;
  #undo: (readonly SuggestionDraft[])[] = [];
  #listeners = new Set<() => void>();

  constructor(drafts: readonly SuggestionDraft[] = []) {
    this.#drafts = drafts;
  }

  get drafts(): readonly SuggestionDraft[] {
    return this.#drafts;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Where each draft is now in `ydoc`, or null when its text is gone. */
  rangeOf(ydoc: Y.Doc, draft: SuggestionDraft): AnchorRange | null {
    return resolveAnchor(ydoc, draft.anchor);
  }

  /**
   * Takes `edit` (positions in the document as `ydoc` holds it) as a
   * suggestion. `head` is where the caret was. Returns where the caret goes,
   * or null when the edit cannot be taken (a range that does not resolve).
   */
  apply(ydoc: Y.Doc, edit: SuggestedEdit, head: number): DraftStep | null {
    const placed = this.#drafts.map((draft) => ({ draft, range: this.rangeOf(ydoc, draft) }));
    // The draft being written comes first, so a continuation goes to it rather than a neighbour.
    placed.sort((a, b) => Number(b.draft.key === this.#current) - Number(a.draft.key === this.#current));
    const deleting = edit.text === '' && edit.to > edit.from;
    const typing = edit.text !== '' && edit.from === edit.to;

    for (const { draft, range } of placed) {
      if (!range) continue;
      if (typing && edit.from === range.to) {
        return this.#change(draft.key, { ...draft, replacement: draft.replacement + edit.text }, edit.from);
      }
      if (deleting && edit.to === range.to && draft.replacement !== '' && head === range.to) {
        const replacement = [...draft.replacement].slice(0, -Math.max(1, edit.to - edit.from)).join('');
        if (replacement === '' && range.from === range.to) return this.#change(draft.key, null, range.to);
        return this.#change(draft.key, { ...draft, replacement }, range.to);
      }
      if (deleting && edit.to === range.from && head === edit.to) {
        return this.#change(draft.key, { ...draft, anchor: anchorFromRange(ydoc, edit.from, range.to) }, edit.from);
      }
      if (deleting && edit.from === range.to && draft.replacement === '' && head === edit.from) {
        return this.#change(draft.key, { ...draft, anchor: anchorFromRange(ydoc, range.from, edit.to) }, edit.to);
      }
      if (deleting && edit.from >= range.from && edit.to <= range.to && range.to > range.from) {
        // Struck through already: step over it, in the direction of the key.
        return { caret: head === edit.to ? range.from : range.to };
      }
    }
    if (edit.from === edit.to && edit.text === '') return null;
    let anchor: Required<Anchor>;
    try {
      anchor = anchorFromRange(ydoc, edit.from, edit.to);
    } catch {
      return null;
    }
    const caret = deleting ? (head === edit.to ? edit.from : edit.to) : edit.to;
    return this.#change(null, { key: newKey(), anchor, replacement: edit.text }, caret);
  }

  /** Takes back the last step; false when there is none. */
  undo(): boolean {
    const previous = this.#undo.pop();
    if (!previous) return false;
    this.#drafts = previous;
    this.#current = previous.at(-1)?.key ?? null;
    this.#emit();
    return true;
  }

  get canUndo(): boolean {
    return this.#undo.length > 0;
  }

  /** Drops drafts that are no longer this writer's to change (decided, deleted), without an undo step. */
  forget(keys: ReadonlySet<string>): void {
    if (!this.#drafts.some((draft) => keys.has(draft.key))) return;
    this.#drafts = this.#drafts.filter((draft) => !keys.has(draft.key));
    this.#undo = this.#undo.map((drafts) => drafts.filter((draft) => !keys.has(draft.key)));
    this.#emit();
  }

  /** Further typing starts a new draft (after a pause elsewhere, a mode switch). */
  endCurrent(): void {
    this.#current = null;
  }

  /** Replaces draft `key` (null: adds `next`); `next` null removes it. */
  #change(key: string | null, next: SuggestionDraft | null, caret: number): DraftStep {
    this.#undo.push(this.#drafts);
    if (this.#undo.length > undoDepth) this.#undo.shift();
    if (key === null) this.#drafts = next ? [...this.#drafts, next] : this.#drafts;
    else if (next) this.#drafts = this.#drafts.map((draft) => (draft.key === key ? next : draft));
    else this.#drafts = this.#drafts.filter((draft) => draft.key !== key);
    this.#current = next?.key ?? null;
    this.#emit();
    return { caret };
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}
