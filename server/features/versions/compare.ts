import * as Y from 'yjs';
import type { DocumentView, Piece } from '../../../shared/document-tree';
import type { DocHistory } from './history';
import type { Deletion, HistoryStates } from './history-states';
import type { MomentCache } from './moment-cache';

/**
 * Compare two moments of a document: one document without garbage
 * collection that holds every item written up to the newer moment (the
 * document's history state, history-states.ts, which may hold later ones
 * too), and a Yjs snapshot (state vector + delete set) of each moment, taken
 * from the moment's own document, rebuilt from its nearest checkpoint. Every
 * piece of text visible at either moment is then in that one document; a
 * piece is `insert` when only the newer snapshot sees it, `delete` when only
 * the older one does, and unmarked when both do; items visible at neither
 * (deleted before, written after) are left out. Who deleted a piece is the
 * author of the first row between the two moments that deleted it.
 */

interface Range {
  clock: number;
  len: number;
}

export interface Comparison {
  doc: Y.Doc;
  view: DocumentView;
}

/** A comparison as kept in a cache: the document and both snapshots encoded, who deleted what. */
export interface EncodedComparison {
  gc: boolean;
  state: Uint8Array;
  before: Uint8Array;
  after: Uint8Array;
  deletions: ReadonlyMap<number, readonly Deletion[]>;
}

/**
 * Rows `older` and `newer` of a document's log compared; answered from
 * `cache` when the same two rows were compared lately (rows never change
 * once written, so the answer does not either).
 */
export async function compareMoments(
  history: DocHistory,
  states: HistoryStates,
  docId: string,
  older: number,
  newer: number,
  cache?: MomentCache<EncodedComparison>,
): Promise<Comparison> {
  if (!cache) return compareFromHistory(history, states, docId, older, newer);
  const encoded = await cache.get(`compare:${docId}:${older}:${newer}`, async () => {
    const comparison = await compareFromHistory(history, states, docId, older, newer);
    const value = encodeComparison(comparison);
    comparison.doc.destroy();
    let bytes = value.state.length + value.before.length + value.after.length;
    for (const list of value.deletions.values()) bytes += list.length * 48;
    return { value, bytes };
  });
  return decodeComparison(encoded);
}

interface ComparisonWithParts extends Comparison {
  gc: boolean;
  before: Y.Snapshot;
  after: Y.Snapshot;
  deletions: Map<number, Deletion[]>;
}

function encodeComparison(comparison: ComparisonWithParts): EncodedComparison {
  return {
    gc: comparison.gc,
    state: Y.encodeStateAsUpdate(comparison.doc),
    before: Y.encodeSnapshot(comparison.before),
    after: Y.encodeSnapshot(comparison.after),
    deletions: comparison.deletions,
  };
}

function decodeComparison(encoded: EncodedComparison): Comparison {
  const doc = new Y.Doc({ gc: encoded.gc });
  Y.applyUpdate(doc, encoded.state);
  return { doc, view: snapshotsView(Y.decodeSnapshot(encoded.before), Y.decodeSnapshot(encoded.after), encoded.deletions) };
}

async function compareFromHistory(
  history: DocHistory,
  states: HistoryStates,
  docId: string,
  older: number,
  newer: number,
): Promise<ComparisonWithParts> {
  if (older === 0) {
    // From the empty document, everything visible is inserted and nothing deleted text
    // matters: the newer side alone, from its nearest stored state, is enough.
    const doc = await history.build(docId, newer, { gc: true });
    const after = Y.snapshot(doc);
    const deletions = new Map<number, Deletion[]>();
    return { doc, view: snapshotsView(Y.emptySnapshot, after, deletions), gc: true, before: Y.emptySnapshot, after, deletions };
  }
  const before = await history.snapshotAt(docId, older);
  const { doc, lastUpdateId } = await states.documentFrom(docId, newer);
  const after = lastUpdateId === newer ? Y.snapshot(doc) : await history.snapshotAt(docId, newer);
  // Only what was there at the older moment can show as deleted.
  const deletions = await states.deletions(docId, older, newer, before.sv);
  return { doc, view: snapshotsView(before, after, deletions), gc: false, before, after, deletions };
}

export function snapshotsView(before: Y.Snapshot, after: Y.Snapshot, deletions: ReadonlyMap<number, readonly Deletion[]>): DocumentView {
  return {
    pieces(item: Y.Item): Piece[] {
      const { client, clock } = item.id;
      const length = item.content instanceof Y.ContentString ? item.length : 1;
      const end = clock + length;
      // Split the item wherever visibility or the deleter may change.
      const cuts = new Set<number>([clock, end]);
      for (const snapshot of [before, after]) {
        const state = snapshot.sv.get(client) ?? 0;
        if (state > clock && state < end) cuts.add(state);
        for (const range of overlapping(snapshot.ds.clients.get(client), clock, end)) {
          cuts.add(Math.max(clock, range.clock));
          cuts.add(Math.min(end, range.clock + range.len));
        }
      }
      for (const range of overlapping(deletions.get(client), clock, end)) {
        cuts.add(Math.max(clock, range.clock));
        cuts.add(Math.min(end, range.clock + range.len));
      }
      const points = [...cuts].sort((a, b) => a - b);
      const pieces: Piece[] = [];
      for (let i = 0; i + 1 < points.length; i++) {
        const from = points[i]!;
        const was = visibleIn(before, client, from);
        const is = visibleIn(after, client, from);
        if (!was && !is) continue;
        const piece: Piece = { offset: from - clock, length: points[i + 1]! - from };
        if (!was) piece.change = 'insert';
        if (!is) {
          piece.change = 'delete';
          const deleter = overlapping(deletions.get(client), from, from + 1)[0];
          if (deleter) piece.deletedBy = deleter.userId;
        }
        const last = pieces.at(-1);
        if (last && last.offset + last.length === piece.offset && last.change === piece.change && last.deletedBy === piece.deletedBy) {
          last.length += piece.length;
        } else {
          pieces.push(piece);
        }
      }
      return pieces;
    },
  };
}

function visibleIn(snapshot: Y.Snapshot, client: number, clock: number): boolean {
  return clock < (snapshot.sv.get(client) ?? 0) && !Y.isDeleted(snapshot.ds, Y.createID(client, clock));
}

/** The ranges of a clock-sorted list that overlap `from..to`, found by binary search. */
function overlapping<R extends Range>(ranges: readonly R[] | undefined, from: number, to: number): R[] {
  if (!ranges || ranges.length === 0) return [];
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const range = ranges[mid]!;
    if (range.clock + range.len <= from) low = mid + 1;
    else high = mid;
  }
  const found: R[] = [];
  for (let i = low; i < ranges.length && ranges[i]!.clock < to; i++) found.push(ranges[i]!);
  return found;
}
