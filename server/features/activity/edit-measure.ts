import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import { anchorFragmentName } from '../../../shared/anchors';
import type { EditSection } from '../../../shared/schemas/activity';
import type { Database } from '../../db/schema';
import { deletedText } from '../../sync/edit-tally';
import type { DocHistory } from '../versions/history';

/**
 * What one user's editing did to a document over a range of its update log
 * (an editing session): characters and words added and removed, and
 * the sections they landed in, i.e. the headings under which the edits are.
 *
 * The log is replayed into a document without garbage collection, from the
 * stored state just before the range (versions/history.ts), so that deleted
 * text is still whole when its deletion is measured. Counting follows the
 * contribution report (sync/edit-tally.ts): characters are what Y.Text holds;
 * a word starts at a non-space character after a space or at a block's start;
 * an update's insertions count for the owner of each client id, and its
 * deletions for its sender, only for the characters the update itself names
 * (text typed concurrently into a deleted paragraph was deleted by no one).
 */
export interface EditMeasure {
  charsAdded: number;
  charsRemoved: number;
  wordsAdded: number;
  wordsRemoved: number;
  /** Characters added and removed per section, most first (ties: in document order). */
  sections: EditSection[];
}

/** A shared type (Y.XmlText, Y.XmlElement...), as Yjs types an item's parent. */
type YType = Exclude<Y.Item['parent'], Y.ID | null>;
type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

/** Where a piece of changed text is: the type (a Y.XmlText) holding it. */
interface Touch {
  parent: YType;
  chars: number;
}

/** Measures `userId`'s editing of `docId` over update rows `from..to`, the owners of client ids read from storage. */
export async function measureStoredEditing(
  db: Kysely<Database>,
  history: DocHistory,
  docId: string,
  userId: string,
  range: { from: number; to: number },
): Promise<EditMeasure> {
  const owners = await db
    .selectFrom('doc_client_ids')
    .select(['client_id', 'user_id'])
    .where('doc_id', '=', docId)
    .where('user_id', '=', userId)
    .execute();
  return measureEditing(history, docId, userId, new Map(owners.map((o) => [Number(o.client_id), o.user_id])), range);
}

export async function measureEditing(
  history: DocHistory,
  docId: string,
  userId: string,
  owners: ReadonlyMap<number, string>,
  range: { from: number; to: number },
): Promise<EditMeasure> {
  const doc = await history.build(docId, range.from - 1, { gc: false });
  const measure: EditMeasure = { charsAdded: 0, charsRemoved: 0, wordsAdded: 0, wordsRemoved: 0, sections: [] };
  const touched: Touch[] = [];
  try {
    await history.replay(doc, docId, range.from - 1, range.to, (row, transaction) => {
      if (row.userId !== userId) return;
      measureInsertions(transaction, (client) => owners.get(client) === userId, measure, touched);
      measureDeletions(transaction, Y.decodeUpdate(row.data).ds, measure, touched);
    });
    measure.sections = sectionsOf(doc.getXmlFragment(anchorFragmentName), touched);
    return measure;
  } finally {
    doc.destroy();
  }
}

function measureInsertions(transaction: Y.Transaction, mine: (client: number) => boolean, measure: EditMeasure, touched: Touch[]): void {
  const { store } = transaction.doc;
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after <= before || !mine(client)) continue;
    const structs = store.clients.get(client) ?? [];
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i]!;
      if (struct.id.clock >= after) break;
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue;
      const from = Math.max(before, struct.id.clock) - struct.id.clock;
      const to = Math.min(after, struct.id.clock + struct.length) - struct.id.clock;
      measure.charsAdded += to - from;
      measure.wordsAdded += wordStarts(struct.content.str, from, to, from > 0 ? struct.content.str[from - 1]! : characterBefore(struct, true));
      touched.push({ parent: struct.parent as YType, chars: to - from });
    }
  }
}

function measureDeletions(transaction: Y.Transaction, named: DeleteSet, measure: EditMeasure, touched: Touch[]): void {
  for (const { item, from, to } of deletedText(transaction, named)) {
    const str = item.content.str;
    measure.charsRemoved += to - from;
    measure.wordsRemoved += wordStarts(str, from, to, from > 0 ? str[from - 1]! : characterBefore(item, false));
    touched.push({ parent: item.parent as YType, chars: to - from });
  }
}

/** Word starts among `str[from..to)`, `previous` being the character before `from` (null: a block's start). */
function wordStarts(str: string, from: number, to: number, previous: string | null): number {
  let words = 0;
  for (let i = from; i < to; i++) {
    const char = str[i]!;
    if (!isSpace(char) && (previous === null || isSpace(previous))) words += 1;
    previous = char;
  }
  return words;
}

/**
 * At most this many deleted or formatting items are stepped over to find the
 * character before a change; past them it counts as a text's start (a word
 * may then be counted once more than it should, never an unbounded walk).
 */
const maxSkipped = 256;

/** The character just before `item` in its text (skipping deleted text when `visibleOnly`), or null at the start. */
function characterBefore(item: Y.Item, visibleOnly: boolean): string | null {
  let left = item.left;
  // Bounded: many insertions may follow one long run of deleted text or formatting; walking it from each would cost their product.
  for (let skipped = 0; left instanceof Y.Item; skipped++) {
    if (skipped === maxSkipped) return null;
    if ((visibleOnly && left.deleted) || left.content instanceof Y.ContentFormat) {
      left = left.left;
      continue;
    }
    if (left.content instanceof Y.ContentString) return left.content.str.at(-1) ?? null;
    return null;
  }
  return null;
}

function isSpace(char: string): boolean {
  return /\s/u.test(char);
}

/**
 * Sums touched characters by section: the last heading (not deleted) at or
 * before the top-level block that holds them. Text before any heading, or
 * under an empty one, is in the `null` section.
 */
function sectionsOf(fragment: Y.XmlFragment, touched: readonly Touch[]): EditSection[] {
  const sectionOfBlock = new Map<YType, { heading: string | null; order: number }>();
  let current: { heading: string | null; order: number } = { heading: null, order: 0 };
  let order = 0;
  for (let item = fragment._start; item !== null; item = item.right) {
    if (!(item.content instanceof Y.ContentType)) continue;
    const block = item.content.type;
    if (!item.deleted && block instanceof Y.XmlElement && block.nodeName === 'heading') {
      current = { heading: plainText(block).replace(/\s+/g, ' ').trim() || null, order: ++order };
    }
    sectionOfBlock.set(block, current);
  }

  const sums = new Map<string | null, { chars: number; order: number }>();
  for (const { parent, chars } of touched) {
    const block = topBlock(parent, fragment);
    const section = block ? sectionOfBlock.get(block) : undefined;
    if (!section) continue;
    const sum = sums.get(section.heading);
    if (sum) sum.chars += chars;
    else sums.set(section.heading, { chars, order: section.order });
  }
  return [...sums]
    .sort(([, a], [, b]) => b.chars - a.chars || a.order - b.order)
    .map(([heading, { chars }]) => ({ heading, chars }));
}

/** The child of the fragment that holds `type`, or null when it is not in the fragment. */
function topBlock(type: YType, fragment: Y.XmlFragment): YType | null {
  let current = type;
  for (;;) {
    const item = current._item;
    if (!item) return null;
    if (item.parent === fragment) return current;
    current = item.parent as YType;
  }
}

/** The text (not deleted) of an element's XmlText children, nested elements included. */
function plainText(type: YType): string {
  let text = '';
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentString) text += item.content.str;
    else if (item.content instanceof Y.ContentType) text += plainText(item.content.type);
  }
  return text;
}
