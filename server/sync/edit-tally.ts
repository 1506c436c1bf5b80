import * as Y from 'yjs';

/**
 * What an applied update did to a document's text, measured as the room
 * applies it: the raw material of contribution totals (who wrote and
 * deleted how much), stored in the same transaction as the update's rows so
 * that the totals never disagree with the log.
 *
 * Characters are what Y.Text holds (ContentString, counted in UTF-16 code
 * units as Yjs counts them). Elements (paragraphs, list items), embeds and
 * formatting count 0, whoever adds or removes them: a contribution is text.
 */

/** Characters inserted by one live update from which it counts as pasted, not typed. */
export const pasteThreshold = 200;

type DeleteSet = ReturnType<typeof Y.createDeleteSet>;
type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/** One update's text changes, before anyone is credited. */
export interface UpdateMeasure {
  /** Per Yjs client id: new characters and the words they start. */
  inserted: Map<number, { chars: number; words: number }>;
  /** Characters the update removed from the document. */
  deleted: number;
}

/** One user's share of one applied update, as the update log stores it. */
export interface EditRecord {
  userId: string;
  /** When the room received the update (ms since the epoch). */
  at: number;
  inserted: number;
  words: number;
  /** Characters of `inserted` that came in one large insertion (>= pasteThreshold). */
  pasted: number;
  /** Large insertions: 0 or 1 per update. */
  pastes: number;
  deleted: number;
}

/**
 * The text an update brings that the document does not hold yet, read from
 * the update itself before it is applied: per client id, the characters of
 * its new text structs, and the words they start. Read from the update, not
 * from the document after it, because the document may drop text at once
 * (typed into a paragraph someone deleted meanwhile, it is garbage
 * collected on arrival), and the writer typed it all the same: the figures
 * do not depend on which of two concurrent edits arrived first. A word starts
 * at a non-space character after a space or at its text's start, judged by
 * what preceded it where it was typed (its Yjs origin), so typing a word key
 * by key counts it once, as pasting it does.
 */
export function measureInsertions(update: DecodedUpdate, store: Y.Doc['store']): UpdateMeasure['inserted'] {
  const items = new Map<number, Y.Item[]>();
  for (const struct of update.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const list = items.get(struct.id.client);
    if (list) list.push(struct);
    else items.set(struct.id.client, [struct]);
  }
  const inserted = new Map<number, { chars: number; words: number }>();
  for (const item of [...items.values()].flat()) {
    if (!(item.content instanceof Y.ContentString)) continue;
    const from = Math.max(0, Y.getState(store, item.id.client) - item.id.clock);
    if (from >= item.length) continue;
    const str = item.content.str;
    let previous = from > 0 ? str[from - 1]! : characterAt(item.origin, items, store);
    let words = 0;
    for (let i = from; i < str.length; i++) {
      const char = str[i]!;
      if (!isSpace(char) && (previous === null || isSpace(previous))) words += 1;
      previous = char;
    }
    const counts = inserted.get(item.id.client) ?? { chars: 0, words: 0 };
    counts.chars += item.length - from;
    counts.words += words;
    inserted.set(item.id.client, counts);
  }
  return inserted;
}

/**
 * Characters an applied update removed, measured in `afterTransaction`
 * (before garbage collection empties deleted items): those the transaction
 * deleted that `named`, the update's own delete set, lists. Deleting a
 * paragraph lists its text, so that counts; text another client typed into
 * that paragraph concurrently is removed by Yjs without anyone having
 * deleted it, and counts for no one, whichever arrived first.
 */
export function measureDeletions(tr: Y.Transaction, named: DeleteSet): number {
  let deleted = 0;
  for (const { from, to } of deletedText(tr, named)) deleted += to - from;
  return deleted;
}

/** A run of characters deleted in a transaction: `item.content.str` from `from` to `to`. */
export interface DeletedText {
  item: Y.Item & { content: Y.ContentString };
  from: number;
  to: number;
}

/** The text runs `tr` deleted that `named` lists (see measureDeletions), oldest client first. */
export function* deletedText(tr: Y.Transaction, named: DeleteSet): Generator<DeletedText> {
  const { store } = tr.doc;
  for (const [client, ranges] of named.clients) {
    const structs = store.clients.get(client);
    if (!structs) continue;
    const state = Y.getState(store, client);
    for (const range of ranges) {
      // Deletions of structs not yet received wait in Y's pending store.
      if (range.clock >= state) continue;
      const end = Math.min(range.clock + range.len, state);
      for (let i = Y.findIndexSS(structs, range.clock); i < structs.length; i++) {
        const struct = structs[i]!;
        if (struct.id.clock >= end) break;
        if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue;
        if (!Y.isDeleted(tr.deleteSet, struct.id)) continue;
        yield {
          item: struct as DeletedText['item'],
          from: Math.max(range.clock, struct.id.clock) - struct.id.clock,
          to: Math.min(end, struct.id.clock + struct.length) - struct.id.clock,
        };
      }
    }
  }
}

/**
 * Credits a measured update to `actor`, who sent it: the guard lets an
 * update write new text only under its sender's own client ids
 * (update-guard.ts), so every new character is theirs, as is every deletion.
 * The record is made even of zeros, since formatting is an edit too (it
 * counts for activity). `live` says the update came as a single live edit
 * (not a reconnecting client's catch-up, nor a restore), the only kind a
 * paste can be told in.
 */
export function creditEdit(measure: UpdateMeasure, options: { actor: string; at: number; live: boolean }): EditRecord {
  let inserted = 0;
  let words = 0;
  for (const counts of measure.inserted.values()) {
    inserted += counts.chars;
    words += counts.words;
  }
  const pasted = options.live && inserted >= pasteThreshold;
  return {
    userId: options.actor,
    at: options.at,
    inserted,
    words,
    pasted: pasted ? inserted : 0,
    pastes: pasted ? 1 : 0,
    deleted: measure.deleted,
  };
}

/**
 * The character at `id` as its writer saw it: in the update itself, or in
 * the document. Formatting is skipped leftwards; anything else that is not
 * text (an embed, an element, text already garbage collected) is a boundary.
 */
/**
 * At most this many formatting marks are stepped over to find the character
 * before an insertion; past them it counts as a text's start. Text carries a
 * few marks at one place (bold, a link); only a crafted update holds more.
 */
const maxFormattingSkipped = 64;

function characterAt(id: Y.ID | null, items: ReadonlyMap<number, readonly Y.Item[]>, store: Y.Doc['store']): string | null {
  if (id === null) return null;
  const inUpdate = itemAt(items.get(id.client), id.clock);
  if (inUpdate) return inUpdate.content instanceof Y.ContentString ? inUpdate.content.str[id.clock - inUpdate.id.clock]! : null;
  if (id.clock >= Y.getState(store, id.client)) return null;
  let item: Y.Item | Y.GC | null = Y.getItem(store, id);
  let offset = id.clock - item.id.clock;
  // Many insertions may share one origin: an unbounded walk from each would cost their number times the run's length.
  for (let skipped = 0; item instanceof Y.Item && item.content instanceof Y.ContentFormat; skipped++) {
    if (skipped === maxFormattingSkipped) return null;
    item = item.left;
    offset = item ? item.length - 1 : 0;
  }
  return item instanceof Y.Item && item.content instanceof Y.ContentString ? item.content.str[offset]! : null;
}

/** The item of a clock-ordered list that holds `clock`, by binary search. */
function itemAt(items: readonly Y.Item[] | undefined, clock: number): Y.Item | null {
  if (!items) return null;
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const item = items[mid]!;
    if (clock < item.id.clock) high = mid - 1;
    else if (clock >= item.id.clock + item.length) low = mid + 1;
    else return item;
  }
  return null;
}

function isSpace(char: string): boolean {
  return /\s/u.test(char);
}
